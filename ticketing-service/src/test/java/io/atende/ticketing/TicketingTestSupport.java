package io.atende.ticketing;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import io.atende.contracts.JsonCodec;
import io.atende.contracts.Topics;
import io.atende.contracts.ticket.TicketEvent;
import io.atende.localstack.DevTokens;
import io.atende.localstack.KafkaTestClient;
import io.atende.localstack.LocalStackTestResource;

/** Kafka access and tokens for this module's tests. */
public final class TicketingTestSupport {

    public static final String CHANNEL = "whatsapp-test";

    private TicketingTestSupport() {
    }

    public static KafkaTestClient kafka() {
        return LocalStackTestResource.kafka();
    }

    /** The ticket events about one conversation, waiting until {@code expected} have arrived. */
    public static List<TicketEvent> ticketEvents(String contactAddress, Predicate<TicketEvent> matching, int expected) {
        return awaitEvents(contactAddress, matching, expected, Duration.ofSeconds(20));
    }

    private static List<TicketEvent> awaitEvents(String contactAddress, Predicate<TicketEvent> matching, int expected,
            Duration timeout) {
        return kafka().read(Topics.TICKET_EVENTS, record -> {
            TicketEvent event = JsonCodec.read(record.value(), TicketEvent.class);
            return event.ticket().contact().address().equals(contactAddress) && matching.test(event);
        }, expected, timeout).stream().map(record -> JsonCodec.read(record.value(), TicketEvent.class)).toList();
    }

    /** Reads for the whole window: for asserting that no more than what arrived arrives. */
    public static List<TicketEvent> ticketEventsSettled(String contactAddress, Predicate<TicketEvent> matching) {
        return awaitEvents(contactAddress, matching, Integer.MAX_VALUE, Duration.ofSeconds(3));
    }

    public static String adminToken() {
        return DevTokens.mint("admin", List.of("admin"));
    }

    public static String agentToken() {
        return DevTokens.mint("ana", List.of("agent"));
    }
}
