package io.atende.gateway.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.atende.contracts.channel.OutboundMessageRequested;
import io.atende.gateway.service.OutboundSender;
import io.atende.platform.messaging.BatchConsumer;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Transport side of {@code channel.outbound.v1}, through {@link BatchConsumer}: a malformed command is dead-lettered
 * alone to {@code channel.outbound.v1.dlq} with the reason; a valid one is sent (once per command id, each on its
 * own: a send waits on its channel's rate limit) and its receipt goes to {@code channel.delivery.v1} through the
 * outbox.
 */
@ApplicationScoped
public class OutboundCommandConsumer {

    static final String CONSUMER = "channel-gateway/channel-outbound";

    private final OutboundSender sender;
    private final BatchConsumer consumer;
    private final MeterRegistry registry;

    public OutboundCommandConsumer(OutboundSender sender, BatchConsumer consumer, MeterRegistry registry) {
        this.sender = sender;
        this.consumer = consumer;
        this.registry = registry;
    }

    @Incoming("channel-outbound")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeEach(CONSUMER, batch, OutboundMessageRequested.class, sender::send,
                (command, outcome) -> registry.counter("atende.gateway.outbound", "outcome", outcome).increment());
    }
}
