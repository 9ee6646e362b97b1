package io.atende.ticketing.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.atende.contracts.JsonCodec;
import io.atende.contracts.channel.MessageDeliveryUpdated;
import io.atende.platform.messaging.Redelivery;
import io.atende.ticketing.service.DeliveryReceipts;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Transport side of {@code channel.delivery.v1}: parses the receipt (a malformed one fails at once and is
 * dead-lettered to {@code channel.delivery.v1.dlq}) and applies it with retries for transient failures.
 */
@ApplicationScoped
public class DeliveryReceiptConsumer {

    private final DeliveryReceipts receipts;
    private final MeterRegistry registry;

    public DeliveryReceiptConsumer(DeliveryReceipts receipts, MeterRegistry registry) {
        this.receipts = receipts;
        this.registry = registry;
    }

    @Incoming("channel-delivery")
    public Uni<Void> consume(String payload) {
        MessageDeliveryUpdated receipt = JsonCodec.read(payload, MessageDeliveryUpdated.class);
        return Redelivery.withRetries(() -> receipts.apply(receipt))
                .invoke(outcome -> registry.counter("atende.ticketing.delivery", "outcome",
                        outcome.name().toLowerCase()).increment())
                .replaceWithVoid();
    }
}
