package io.atende.contracts;

import java.util.List;
import java.util.Map;

import io.atende.contracts.channel.ChannelStatusEvent;
import io.atende.contracts.channel.InboundMessageReceived;
import io.atende.contracts.channel.MessageDeliveryUpdated;
import io.atende.contracts.channel.OutboundMessageRequested;
import io.atende.contracts.sla.SlaEvent;
import io.atende.contracts.ticket.TicketEvent;

/** The Kafka topics of the v1 contract. Every service names topics through these constants only. */
public final class Topics {

    /** One record per customer message, or per message typed on the business phone. Key: {@link #conversationKey}. */
    public static final String CHANNEL_INBOUND = "channel.inbound.v1";
    /** Send commands for a channel (agent replies, bot prompts). Key: {@link #conversationKey}. */
    public static final String CHANNEL_OUTBOUND = "channel.outbound.v1";
    /** Channel lifecycle: QR issued, linked, connected, disconnected, logged out, history discarded. Key: channel id. */
    public static final String CHANNEL_STATUS = "channel.status.v1";
    /** Sent / delivered / read / failed receipts of outbound messages. Key: {@link #conversationKey}. */
    public static final String CHANNEL_DELIVERY = "channel.delivery.v1";
    /** Every ticket state change. Key: ticket id. */
    public static final String TICKET_EVENTS = "ticket.events.v1";
    /** SLA timer lifecycle. Key: ticket id. */
    public static final String SLA_EVENTS = "sla.events.v1";

    public static final List<String> ALL = List.of(
            CHANNEL_INBOUND, CHANNEL_OUTBOUND, CHANNEL_STATUS, CHANNEL_DELIVERY, TICKET_EVENTS, SLA_EVENTS);

    /** The payload each topic carries: a record, or a sealed interface whose JSON {@code type} picks the record. */
    public static final Map<String, Class<? extends Event>> PAYLOADS = Map.of(
            CHANNEL_INBOUND, InboundMessageReceived.class,
            CHANNEL_OUTBOUND, OutboundMessageRequested.class,
            CHANNEL_STATUS, ChannelStatusEvent.class,
            CHANNEL_DELIVERY, MessageDeliveryUpdated.class,
            TICKET_EVENTS, TicketEvent.class,
            SLA_EVENTS, SlaEvent.class);

    private static final String DEAD_LETTER_SUFFIX = ".dlq";

    private Topics() {
    }

    /** The dead-letter topic of a topic: records that could not be handled, with the reason in headers. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    /** Keeps one conversation in order on one partition. */
    public static String conversationKey(String channelId, String contactAddress) {
        return channelId + ":" + contactAddress;
    }
}
