package io.atende.reporting.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.atende.contracts.JsonCodec;
import io.atende.contracts.sla.SlaEvent;
import io.atende.contracts.ticket.TicketEvent;
import io.atende.platform.messaging.Redelivery;
import io.atende.reporting.service.ReadModelUpdater;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Transport side of the topics reporting reads: parse (malformed goes to the topic's DLQ), apply with retries. */
@ApplicationScoped
public class EventConsumers {

    private final ReadModelUpdater updater;

    public EventConsumers(ReadModelUpdater updater) {
        this.updater = updater;
    }

    @Incoming("ticket-events")
    public Uni<Void> ticketEvent(String payload) {
        TicketEvent event = JsonCodec.read(payload, TicketEvent.class);
        if (!ReadModelUpdater.concerns(event)) {
            return Uni.createFrom().voidItem();
        }
        return Redelivery.withRetries(() -> updater.apply(event));
    }

    @Incoming("sla-events")
    public Uni<Void> slaEvent(String payload) {
        SlaEvent event = JsonCodec.read(payload, SlaEvent.class);
        if (!ReadModelUpdater.concerns(event)) {
            return Uni.createFrom().voidItem();
        }
        return Redelivery.withRetries(() -> updater.apply(event));
    }
}
