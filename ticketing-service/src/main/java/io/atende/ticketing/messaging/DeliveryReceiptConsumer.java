package io.atende.ticketing.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.atende.contracts.channel.MessageDeliveryUpdated;
import io.atende.platform.messaging.BatchConsumer;
import io.atende.ticketing.service.DeliveryReceipts;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Transport side of {@code channel.delivery.v1}: each poll's receipts go through {@link BatchConsumer} (a malformed
 * one is dead-lettered alone to {@code channel.delivery.v1.dlq}, the rest are applied in one transaction).
 */
@ApplicationScoped
public class DeliveryReceiptConsumer {

    static final String CONSUMER = "ticketing-service/channel-delivery";

    private final DeliveryReceipts receipts;
    private final BatchConsumer consumer;
    private final MeterRegistry registry;

    public DeliveryReceiptConsumer(DeliveryReceipts receipts, BatchConsumer consumer, MeterRegistry registry) {
        this.receipts = receipts;
        this.consumer = consumer;
        this.registry = registry;
    }

    @Incoming("channel-delivery")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return consumer.consume(CONSUMER, batch, MessageDeliveryUpdated.class, receipts::applyAll,
                (receipt, outcome) -> registry.counter("atende.ticketing.delivery", "outcome",
                        outcome.name().toLowerCase()).increment());
    }
}
