package io.atende.gateway.service;

import java.time.Duration;
import java.time.Instant;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.atende.gateway.OutboundMessage;
import io.atende.gateway.engine.WhatsAppEngine;
import io.atende.gateway.repository.OutboundMessageRepository;
import io.atende.platform.outbox.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * On the instance that runs the engine: sends the commands that were claimed but not sent (claimed by a standby
 * instance, while the engine was restarting, before a restart, or while their channel was disconnected), oldest
 * first, through their channels' send lanes; fails those that waited longer than
 * {@code atende.outbound.queue-max-wait}.
 */
@ApplicationScoped
public class OutboundQueueDrainer {

    private static final int BATCH = 50;

    private final OutboundMessageRepository outbound;
    private final OutboundSender sender;
    private final ChannelSendLanes lanes;
    private final WhatsAppEngine engine;
    private final OutboxRelay relay;
    private final MeterRegistry registry;
    private final Duration maxWait;

    public OutboundQueueDrainer(OutboundMessageRepository outbound, OutboundSender sender, ChannelSendLanes lanes,
            WhatsAppEngine engine,
            OutboxRelay relay, MeterRegistry registry,
            @ConfigProperty(name = "atende.outbound.queue-max-wait", defaultValue = "10m") Duration maxWait) {
        this.maxWait = maxWait;
        this.outbound = outbound;
        this.sender = sender;
        this.lanes = lanes;
        this.engine = engine;
        this.relay = relay;
        this.registry = registry;
    }

    @Scheduled(every = "${atende.outbound.queue-poll:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> drain() {
        if (!engine.available()) {
            return Uni.createFrom().voidItem();
        }
        return expire().chain(this::sendQueued);
    }

    /** Commands whose channel stayed disconnected longer than {@code atende.outbound.queue-max-wait}: FAILED. */
    private Uni<Void> expire() {
        return expired().onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndConcatenate(row -> sender.expire(row.commandId, maxWait)
                        .invoke(() -> registry.counter("atende.gateway.outbound", "outcome", "expired").increment()))
                .collect().asList()
                .invoke(expired -> {
                    if (!expired.isEmpty()) {
                        relay.wake();
                    }
                }).replaceWithVoid();
    }

    /** Hands the queued commands to their channels' lanes (those already waiting there are skipped). */
    private Uni<Void> sendQueued() {
        return queued().invoke(rows -> rows.forEach(row -> lanes.submit(row.commandId, row.channelId, "from-queue")))
                .replaceWithVoid();
    }

    @WithSession
    Uni<java.util.List<OutboundMessage>> queued() {
        return outbound.queued(BATCH);
    }

    @WithSession
    Uni<java.util.List<OutboundMessage>> expired() {
        return outbound.queuedBefore(Instant.now().minus(maxWait), BATCH);
    }
}
