package io.atende.platform.messaging;

import java.net.ConnectException;
import java.time.Duration;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.atende.contracts.MalformedEventException;
import io.smallrye.mutiny.Uni;

/**
 * How consumers treat failures, so that bad records never stall a partition and good ones are never dead-lettered
 * because of an outage:
 * <ul>
 * <li>a malformed record fails at once: the connector sends it to the dead-letter topic and the partition goes on;</li>
 * <li>the database being unreachable is retried until it is back (nothing else could be processed meanwhile);</li>
 * <li>anything else (a unique-key race with another replica, a data error) is retried a few times, then the record
 * is dead-lettered with the last reason.</li>
 * </ul>
 */
public final class Redelivery {

    private static final Logger LOG = Logger.getLogger(Redelivery.class);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_OUTAGE_BACKOFF = Duration.ofSeconds(5);
    private static final int ATTEMPTS = 5;

    private Redelivery() {
    }

    /** Runs {@code work} (re-subscribed on each attempt, so a transaction is re-run whole). */
    public static <T> Uni<T> withRetries(Supplier<Uni<? extends T>> work) {
        return Uni.createFrom().<T>deferred(work)
                .onFailure(Redelivery::isRetryable).invoke(failure -> LOG.warnf("handling failed, retrying: %s", failure))
                .onFailure(Redelivery::isOutage).retry().withBackOff(FIRST_BACKOFF, MAX_OUTAGE_BACKOFF).indefinitely()
                .onFailure(Redelivery::isRetryable).retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF).atMost(ATTEMPTS);
    }

    static boolean isRetryable(Throwable failure) {
        return !(failure instanceof MalformedEventException);
    }

    /** The database (or its pool) cannot be reached: no record can be handled until it is back. */
    static boolean isOutage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String name = cause.getClass().getName();
            if (cause instanceof ConnectException || name.endsWith("ClosedConnectionException")
                    || name.endsWith(".ConnectTimeoutException")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
