package io.atende.reporting.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.atende.contracts.JsonCodec;
import io.atende.contracts.channel.ChannelStatusEvent;
import io.atende.contracts.sla.SlaEvent;
import io.atende.contracts.ticket.TicketEvent;
import io.atende.platform.messaging.Redelivery;
import io.atende.reporting.service.ReadModelUpdater;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Transport side of the topics reporting reads: parse (malformed goes to the topic's DLQ), apply with retries. */
@ApplicationScoped
public class EventConsumers {

    public static final String TICKET_EVENTS = "ticket-events";
    public static final String SLA_EVENTS = "sla-events";
    public static final String CHANNEL_STATUS = "channel-status";

    private final ReadModelUpdater updater;

    public EventConsumers(ReadModelUpdater updater) {
        this.updater = updater;
    }

    @Incoming(TICKET_EVENTS)
    public Uni<Void> ticketEvent(String payload) {
        TicketEvent event = JsonCodec.read(payload, TicketEvent.class);
        return Redelivery.withRetries(() -> updater.apply(event));
    }

    @Incoming(SLA_EVENTS)
    public Uni<Void> slaEvent(String payload) {
        SlaEvent event = JsonCodec.read(payload, SlaEvent.class);
        return Redelivery.withRetries(() -> updater.apply(event));
    }

    @Incoming(CHANNEL_STATUS)
    public Uni<Void> channelStatus(String payload) {
        ChannelStatusEvent event = JsonCodec.read(payload, ChannelStatusEvent.class);
        return Redelivery.withRetries(() -> updater.apply(event));
    }
}
