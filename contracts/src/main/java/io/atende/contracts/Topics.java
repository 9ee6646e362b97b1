package io.atende.contracts;

import java.util.List;

/**
 * The Kafka topics of the v1 contract. Java code names topics through these constants only; a service's Kafka
 * channels name them again in its {@code application.properties} (SmallRye's configuration cannot refer to a Java
 * constant), and the k8s module's {@code CodeCrossCheckTest} checks every name there against the contract
 * ({@code asyncapi.yaml}) and the manifests' KafkaTopics and ACLs.
 */
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
