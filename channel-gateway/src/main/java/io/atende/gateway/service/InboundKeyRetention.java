package io.atende.gateway.service;

import java.time.Duration;
import java.time.Instant;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.atende.platform.persistence.Retention;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps the inbound de-dup keys ({@code inbound_message_key}) to WhatsApp's redelivery horizon: a phone that was
 * offline gets its pending messages for up to 30 days, and a linked device's reconnection replays the recent ones,
 * so keys older than {@code atende.inbound.dedup-retention} (45 days by default) are forgotten. Inside the horizon
 * a redelivered message is still published once.
 */
@ApplicationScoped
public class InboundKeyRetention {

    private final Retention retention;

    public InboundKeyRetention(Pool pool,
            @ConfigProperty(name = "atende.inbound.dedup-retention", defaultValue = "45d") Duration horizon) {
        this.retention = new Retention(pool, "inbound_message_key", "received_at", horizon);
    }

    @Scheduled(every = "${atende.dedup.prune-every:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return retention.sweep();
    }

    /** Forgets the keys recorded before {@code now} minus the horizon; returns how many. */
    public Uni<Long> prune(Instant now) {
        return retention.prune(now);
    }
}
