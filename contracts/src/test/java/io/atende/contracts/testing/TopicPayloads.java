package io.atende.contracts.testing;

import java.util.Map;

import io.atende.contracts.Event;
import io.atende.contracts.Topics;
import io.atende.contracts.channel.ChannelStatusEvent;
import io.atende.contracts.channel.InboundMessageReceived;
import io.atende.contracts.channel.MessageDeliveryUpdated;
import io.atende.contracts.channel.OutboundMessageRequested;
import io.atende.contracts.sla.SlaEvent;
import io.atende.contracts.ticket.TicketEvent;

/**
 * The payload each topic carries: a record, or a sealed interface whose JSON {@code type} picks the record. Kept
 * beside the tests that check the contract against it, so that {@link Topics} does not import the event records
 * that import it.
 */
public final class TopicPayloads {

    public static final Map<String, Class<? extends Event>> BY_TOPIC = Map.of(
            Topics.CHANNEL_INBOUND, InboundMessageReceived.class,
            Topics.CHANNEL_OUTBOUND, OutboundMessageRequested.class,
            Topics.CHANNEL_STATUS, ChannelStatusEvent.class,
            Topics.CHANNEL_DELIVERY, MessageDeliveryUpdated.class,
            Topics.TICKET_EVENTS, TicketEvent.class,
            Topics.SLA_EVENTS, SlaEvent.class);

    private TopicPayloads() {
    }
}
