package io.atende.platform.messaging;

import java.time.Duration;
import java.util.function.Supplier;

import io.atende.contracts.MalformedEventException;
import io.smallrye.mutiny.Uni;

/**
 * How consumers treat failures. A malformed record fails at once, so the connector sends it to the dead-letter
 * topic and the partition moves on. Anything else (database down, a unique-key race with another replica) is
 * retried with backoff first, and only a record that keeps failing is dead-lettered, with the last reason.
 */
public final class Redelivery {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final int ATTEMPTS = 12;

    private Redelivery() {
    }

    /** Runs {@code work} (re-subscribed on each attempt, so a transaction is re-run whole). */
    public static <T> Uni<T> withRetries(Supplier<Uni<? extends T>> work) {
        return Uni.createFrom().<T>deferred(work)
                .onFailure(Redelivery::isTransient).retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF).atMost(ATTEMPTS);
    }

    static boolean isTransient(Throwable failure) {
        return !(failure instanceof MalformedEventException);
    }
}
