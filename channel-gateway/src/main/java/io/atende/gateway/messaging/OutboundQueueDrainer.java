package io.atende.gateway.messaging;

import org.jboss.logging.Logger;

import io.atende.gateway.OutboundMessage;
import io.atende.gateway.engine.WhatsAppEngine;
import io.atende.gateway.repository.OutboundMessageRepository;
import io.atende.gateway.service.OutboundSender;
import io.atende.platform.outbox.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * On the instance that runs the engine: sends the commands that were claimed but not sent (claimed by a standby
 * instance, or while the engine was restarting), oldest first, one at a time.
 */
@ApplicationScoped
public class OutboundQueueDrainer {

    private static final Logger LOG = Logger.getLogger(OutboundQueueDrainer.class);
    private static final int BATCH = 50;

    private final OutboundMessageRepository outbound;
    private final OutboundSender sender;
    private final WhatsAppEngine engine;
    private final OutboxRelay relay;
    private final MeterRegistry registry;

    public OutboundQueueDrainer(OutboundMessageRepository outbound, OutboundSender sender, WhatsAppEngine engine,
            OutboxRelay relay, MeterRegistry registry) {
        this.outbound = outbound;
        this.sender = sender;
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
        return queued().onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndConcatenate(row -> sender.sendQueued(row.commandId, row.channelId)
                        .invoke(outcome -> registry.counter("atende.gateway.outbound", "outcome", outcome + "-from-queue")
                                .increment())
                        .onFailure().recoverWithItem(failure -> {
                            LOG.warnf(failure, "queued outbound command %s not sent", row.commandId);
                            return "error";
                        }))
                .collect().asList()
                .invoke(sent -> {
                    if (!sent.isEmpty()) {
                        relay.wake();
                    }
                }).replaceWithVoid();
    }

    @WithSession
    Uni<java.util.List<OutboundMessage>> queued() {
        return outbound.queued(BATCH);
    }
}
