package io.atende.gateway.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.atende.gateway.repository.MediaRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Deletes inbound media older than {@code atende.media.retention}, when one is set (by default media is kept as long
 * as the tickets that refer to it). Its reference then answers 404; the message itself stays in the ticket.
 */
@ApplicationScoped
public class MediaRetention {

    private static final Logger LOG = Logger.getLogger(MediaRetention.class);
    private static final int BATCH = 1000;

    private final MediaRepository media;
    private final Optional<Duration> retention;
    private final Counter deleted;

    public MediaRetention(MediaRepository media,
            @ConfigProperty(name = "atende.media.retention") Optional<Duration> retention, MeterRegistry registry) {
        this.media = media;
        this.retention = retention;
        this.deleted = Counter.builder("atende.gateway.media.expired")
                .description("inbound media deleted after the retention").register(registry);
    }

    @Scheduled(every = "${atende.media.retention-sweep:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        if (retention.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return expire(Instant.now().minus(retention.get()))
                .onFailure().invoke(failure -> LOG.warnf(failure, "deleting expired media failed; the next sweep retries"))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Deletes, batch by batch, the media received before {@code receivedBefore}; returns how many. */
    public Uni<Long> expire(Instant receivedBefore) {
        return expireBatch(receivedBefore).flatMap(count -> count < BATCH
                ? Uni.createFrom().item(count)
                : expire(receivedBefore).map(more -> count + more));
    }

    @WithTransaction
    Uni<Long> expireBatch(Instant receivedBefore) {
        return media.deleteReceivedBefore(receivedBefore, BATCH).invoke(count -> {
            if (count > 0) {
                deleted.increment(count);
                LOG.infof("deleted %d media received before %s", count, receivedBefore);
            }
        });
    }
}
