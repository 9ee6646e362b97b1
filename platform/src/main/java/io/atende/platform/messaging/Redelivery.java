package io.atende.platform.messaging;

import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.atende.contracts.MalformedEventException;
import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;

/**
 * How consumers treat failures, so that bad records never stall a partition and good ones are never dead-lettered
 * because of an outage:
 * <ul>
 * <li>a malformed record fails at once: the connector sends it to the dead-letter topic and the partition goes on;</li>
 * <li>the database being unreachable, failing over or refusing writes for now (a standby not yet promoted) is retried
 * until it is back, however long that takes (nothing else could be processed meanwhile); readiness is DOWN
 * meanwhile ({@code DatabaseOutageCheck});</li>
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
                .onFailure(Redelivery::isOutage).invoke(Redelivery::noteOutage)
                .onFailure(Redelivery::isOutage).retry().withBackOff(FIRST_BACKOFF, MAX_OUTAGE_BACKOFF).indefinitely()
                .invoke(Redelivery::noteRecovered)
                .onFailure(Redelivery::isRetryable).retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF).atMost(ATTEMPTS);
    }

    static boolean isRetryable(Throwable failure) {
        return !(failure instanceof MalformedEventException);
    }

    /**
     * The database cannot take the work for now: unreachable or its connection lost (refused, reset, broken pipe,
     * closed under a pending command, timed out, no connection free in the pool, SQLSTATE class 08), shutting down or
     * starting up (57P01, 57P02, 57P03), out of connections (53300), or read-only (25006: a fail-over's old primary or
     * a standby not yet promoted). No record can be handled until it is back. A failure made of several (pipelined
     * statements) is an outage if any of them is.
     */
    static boolean isOutage(Throwable failure) {
        return isOutage(failure, 0);
    }

    private static boolean isOutage(Throwable failure, int depth) {
        for (Throwable cause = failure; cause != null && depth < 32; cause = cause.getCause(), depth++) {
            if (isConnectionLoss(cause) || (cause instanceof PgException pg && isOutageState(pg.getSqlState()))) {
                return true;
            }
            if (cause instanceof CompositeException composite) {
                for (Throwable each : composite.getCauses()) {
                    if (each != composite && isOutage(each, depth + 1)) {
                        return true;
                    }
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static boolean isConnectionLoss(Throwable cause) {
        String name = cause.getClass().getName();
        // The socket's own "Broken pipe" is a plain IOException; Jackson's failures are subclasses and are not.
        if (cause instanceof SocketException || cause instanceof ClosedChannelException
                || cause.getClass() == IOException.class || name.endsWith("ClosedConnectionException")
                || name.endsWith(".ConnectTimeoutException")) {
            return true;
        }
        String message = cause.getMessage();
        return name.startsWith("io.vertx.") && message != null
                && CLIENT_CONNECTION_LOSSES.stream().anyMatch(message.toLowerCase(Locale.ROOT)::contains);
    }

    /**
     * What the Vert.x SQL client says, without a type of its own, when a connection is gone or none is free; a closed
     * pool (the service shutting down) too, so that a record in flight then is redelivered, never dead-lettered.
     */
    private static final List<String> CLIENT_CONNECTION_LOSSES = List.of("connection has been closed",
            "connection was closed", "connection is closed", "connection is not active",
            "timeout waiting for connection", "pool closed");

    private static boolean isOutageState(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || OUTAGE_STATES.contains(sqlState));
    }

    private static final Set<String> OUTAGE_STATES = Set.of("57P01", "57P02", "57P03", "53300", "25006");

    private static final AtomicReference<Outage> OUTAGE = new AtomicReference<>();

    /** Since when, and why, the database has refused this service's work; null while it takes it. */
    public record Outage(Instant since, String reason) {
    }

    public static Outage outage() {
        return OUTAGE.get();
    }

    static void noteOutage(Throwable failure) {
        if (OUTAGE.compareAndSet(null, new Outage(Instant.now(), failure.toString()))) {
            LOG.warnf("the database refuses work (%s): waiting for it, nothing is dropped meanwhile", failure.toString());
        }
    }

    static void noteRecovered() {
        // Called after every successful batch: a plain read when there is nothing to clear.
        Outage ended = OUTAGE.get() == null ? null : OUTAGE.getAndSet(null);
        if (ended != null) {
            LOG.infof("the database takes work again (refused since %s)", ended.since());
        }
    }
}
