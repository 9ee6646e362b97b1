package io.atende.sla.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.atende.contracts.JsonCodec;
import io.atende.contracts.Topics;
import io.atende.contracts.sla.SlaEvent;
import io.atende.contracts.sla.SlaTarget;
import io.atende.localstack.KafkaTestClient;

/** Reads what sla-service published on {@code sla.events.v1} for one ticket (and one target). */
public final class SlaEventLog {

    private final KafkaTestClient kafka;

    public SlaEventLog(KafkaTestClient kafka) {
        this.kafka = kafka;
    }

    /** Waits (up to 20 s) for at least {@code expected} events of the ticket's target. */
    public List<SlaEvent> await(UUID ticketId, SlaTarget target, int expected) {
        List<SlaEvent> events = kafka.read(Topics.SLA_EVENTS, record -> record.key().equals(ticketId.toString())
                && (target == null || JsonCodec.read(record.value(), SlaEvent.class).timer().target() == target),
                expected, Duration.ofSeconds(20)).stream()
                .map(record -> JsonCodec.read(record.value(), SlaEvent.class)).toList();
        assertThat(events).as("SLA events of ticket %s, target %s", ticketId, target).hasSizeGreaterThanOrEqualTo(expected);
        return events;
    }

    /** Everything published for the ticket's target within {@code window}: to prove something did not happen. */
    public List<SlaEvent> settled(UUID ticketId, SlaTarget target, Duration window) {
        return kafka.readFor(Topics.SLA_EVENTS, record -> record.key().equals(ticketId.toString()), window).stream()
                .map(record -> JsonCodec.read(record.value(), SlaEvent.class))
                .filter(event -> target == null || event.timer().target() == target).toList();
    }

    public static List<String> types(List<SlaEvent> events) {
        return events.stream().map(event -> event.getClass().getSimpleName()).toList();
    }
}
