package io.atende.platform.inbox;

import java.time.Duration;
import java.time.Instant;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.atende.platform.persistence.Retention;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps the de-dup log ({@code processed_event}) to the redelivery horizon: a record can only come again while its
 * topic still holds it (7 days' retention) or a producer still resends it, so ids older than
 * {@code atende.dedup.retention} (14 days by default, twice the topics' retention) are forgotten. Inside the horizon
 * de-duplication is as before.
 */
@ApplicationScoped
public class ProcessedEventRetention {

    private final Retention retention;

    public ProcessedEventRetention(Pool pool,
            @ConfigProperty(name = "atende.dedup.retention", defaultValue = "14d") Duration horizon) {
        this.retention = new Retention(pool, "processed_event", "processed_at", horizon);
    }

    @Scheduled(every = "${atende.dedup.prune-every:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return retention.sweep();
    }

    /** Forgets the ids recorded before {@code now} minus the horizon; returns how many. */
    public Uni<Long> prune(Instant now) {
        return retention.prune(now);
    }
}
