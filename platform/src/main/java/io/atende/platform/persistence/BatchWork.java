package io.atende.platform.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Work over a batch of events inside one Hibernate Reactive transaction (see {@code BatchConsumer}). */
public final class BatchWork {

    private BatchWork() {
    }

    /**
     * Runs {@code work} for each event, in order, inside the caller's transaction, clearing the session after each
     * (what it wrote is flushed first): the persistence context stays as small as one event's work, so Hibernate's
     * dirty checking does not grow with the batch. An event's effects are visible to the next through the database.
     */
    public static <E, R> Uni<List<R>> inOrder(List<E> events, Function<E, Uni<R>> work) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(event -> work.apply(event)
                        .call(result -> Panache.getSession().flatMap(session -> session.flush().invoke(session::clear)))
                        // A null result cannot travel through a Multi; it is restored below.
                        .map(result -> result == null ? (Object) NO_RESULT : result))
                .collect().asList()
                .map(results -> {
                    List<R> out = new ArrayList<>(results.size());
                    for (Object result : results) {
                        @SuppressWarnings("unchecked")
                        R typed = result == NO_RESULT ? null : (R) result;
                        out.add(typed);
                    }
                    return out;
                });
    }

    private static final Object NO_RESULT = new Object();
}
