package io.atende.platform.inbox;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The consumers' de-dup log: an event id is recorded in the same transaction as its effect, so a redelivered
 * event (a crash before the offset commit, a rebalance, a relay resend) has no second effect.
 */
@ApplicationScoped
public class ProcessedEvents {

    /**
     * Records a batch's event ids in one statement and returns those seen for the first time. A concurrent
     * transaction recording the same id makes this one wait for it (the unique index), so an id is first for one
     * transaction only. Must run inside the caller's transaction.
     */
    public Uni<Set<UUID>> firstDeliveries(String consumer, List<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(new HashSet<>());
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                "with recorded as (insert into processed_event (consumer, event_id)"
                        // One text parameter: Hibernate binds no arrays on the reactive client.
                        + " select :consumer, cast(id as uuid) from unnest(string_to_array(:eventIds, ',')) as id"
                        + " on conflict do nothing returning event_id) select cast(event_id as text) from recorded",
                String.class)
                .setParameter("consumer", consumer)
                .setParameter("eventIds", String.join(",", eventIds.stream().map(UUID::toString).toList()))
                .getResultList())
                .map(ids -> {
                    Set<UUID> fresh = new HashSet<>();
                    ids.forEach(id -> fresh.add(UUID.fromString(id)));
                    return fresh;
                });
    }

    /** As {@link #firstDeliveries(String, List)}, on the reactive client's {@code connection}, in its transaction. */
    public Uni<Set<UUID>> firstDeliveries(SqlConnection connection, String consumer, List<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(new HashSet<>());
        }
        return connection.preparedQuery("insert into processed_event (consumer, event_id)"
                + " select $1, id from unnest($2::uuid[]) as id on conflict do nothing returning event_id")
                .execute(Tuple.of(consumer, eventIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Set<UUID> fresh = new HashSet<>();
                    rows.forEach(row -> fresh.add(row.getUUID(0)));
                    return fresh;
                });
    }

    /**
     * The events of a batch whose ids {@link #firstDeliveries} found new, in order; an event twice in the batch is
     * kept once (its first time). Consumes {@code fresh}.
     */
    public static <E> List<E> firstOnly(List<E> events, Function<E, UUID> eventId, Set<UUID> fresh) {
        return events.stream().filter(event -> fresh.remove(eventId.apply(event))).toList();
    }
}
