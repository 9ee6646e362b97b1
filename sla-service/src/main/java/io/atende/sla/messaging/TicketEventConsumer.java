package io.atende.sla.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.atende.contracts.ticket.TicketEvent;
import io.atende.platform.messaging.BatchConsumer;
import io.atende.sla.service.SlaTimekeeper;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Transport side of {@code ticket.events.v1}: each poll's events go through {@link BatchConsumer} (a malformed one is
 * dead-lettered alone, the rest applied to the timers in one transaction).
 */
@ApplicationScoped
public class TicketEventConsumer {

    static final String CONSUMER = "sla-service/ticket-events";

    private final SlaTimekeeper timekeeper;
    private final BatchConsumer consumer;

    public TicketEventConsumer(SlaTimekeeper timekeeper, BatchConsumer consumer) {
        this.timekeeper = timekeeper;
        this.consumer = consumer;
    }

    @Incoming("ticket-events")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return consumer.consume(CONSUMER, batch, TicketEvent.class, timekeeper::applyAll);
    }
}
