package io.atende.sla.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.atende.contracts.JsonCodec;
import io.atende.contracts.ticket.TicketEvent;
import io.atende.platform.messaging.Redelivery;
import io.atende.platform.outbox.OutboxRelay;
import io.atende.sla.service.SlaTimekeeper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Transport side of {@code ticket.events.v1}: parse (malformed goes to the DLQ), apply with retries, relay. */
@ApplicationScoped
public class TicketEventConsumer {

    private final SlaTimekeeper timekeeper;
    private final OutboxRelay relay;

    public TicketEventConsumer(SlaTimekeeper timekeeper, OutboxRelay relay) {
        this.timekeeper = timekeeper;
        this.relay = relay;
    }

    @Incoming("ticket-events")
    public Uni<Void> consume(String payload) {
        TicketEvent event = JsonCodec.read(payload, TicketEvent.class);
        if (!SlaTimekeeper.concerns(event)) {
            return Uni.createFrom().voidItem();
        }
        return Redelivery.withRetries(() -> timekeeper.apply(event)).invoke(relay::wake);
    }
}
