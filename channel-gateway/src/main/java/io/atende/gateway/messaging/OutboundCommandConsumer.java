package io.atende.gateway.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.atende.contracts.channel.OutboundMessageRequested;
import io.atende.gateway.engine.WhatsAppEngine;
import io.atende.gateway.service.ChannelSendLanes;
import io.atende.gateway.service.OutboundSender;
import io.atende.platform.messaging.BatchConsumer;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Transport side of {@code channel.outbound.v1}, through {@link BatchConsumer}: a malformed command is dead-lettered
 * alone to {@code channel.outbound.v1.dlq} with the reason; a valid one is claimed (once per command id) and handed
 * to its channel's send lane ({@link ChannelSendLanes}), so the consumer never waits on a channel's rate limit and
 * one busy channel holds back no other; the receipt goes to {@code channel.delivery.v1} through the outbox.
 */
@ApplicationScoped
public class OutboundCommandConsumer {

    static final String CONSUMER = "channel-gateway/channel-outbound";

    private static final String QUEUED = "queued";

    private final OutboundSender sender;
    private final ChannelSendLanes lanes;
    private final WhatsAppEngine engine;
    private final BatchConsumer consumer;
    private final MeterRegistry registry;

    public OutboundCommandConsumer(OutboundSender sender, ChannelSendLanes lanes, WhatsAppEngine engine,
            BatchConsumer consumer, MeterRegistry registry) {
        this.sender = sender;
        this.lanes = lanes;
        this.engine = engine;
        this.consumer = consumer;
        this.registry = registry;
    }

    @Incoming("channel-outbound")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeEach(CONSUMER, batch, OutboundMessageRequested.class, sender::claimToSend,
                (command, outcome) -> {
                    if (QUEUED.equals(outcome) && engine.available()) {
                        // Sent from the channel's lane; on a standby the engine runner's queue drainer sends it.
                        lanes.submit(command.eventId(), command.channel().id(), "");
                    } else {
                        registry.counter("atende.gateway.outbound", "outcome", outcome).increment();
                    }
                });
    }
}
