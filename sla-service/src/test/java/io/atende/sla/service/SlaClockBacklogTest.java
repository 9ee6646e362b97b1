package io.atende.sla.service;

import static io.atende.contracts.testing.TicketEvents.newTicket;
import static io.atende.contracts.testing.TicketEvents.opened;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.atende.contracts.JsonCodec;
import io.atende.contracts.Topics;
import io.atende.contracts.sla.SlaBreached;
import io.atende.contracts.sla.SlaEvent;
import io.atende.contracts.sla.SlaTimerStarted;
import io.atende.contracts.sla.SlaWarningRaised;
import io.atende.contracts.ticket.TicketSnapshot;
import io.atende.localstack.KafkaTestClient;
import io.atende.localstack.LocalStackTestResource;
import io.atende.sla.service.SlaClockBacklogTest.HourlyClockProfile;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;

/**
 * A backlog larger than one clock batch: the clock must keep firing batch after batch within one tick. Its periodic
 * timer is set to an hour here so that only the test drives it.
 */
@QuarkusTest
@TestProfile(HourlyClockProfile.class)
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "atende_sla"))
class SlaClockBacklogTest {

    private static final int BATCH = 10;

    public static class HourlyClockProfile implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("atende.sla.tick", "1h", "atende.sla.batch-size", Integer.toString(BATCH));
        }
    }

    private static KafkaTestClient kafka;

    @Inject
    SlaTimekeeper timekeeper;

    @Inject
    SlaClock clock;

    @BeforeAll
    static void connect() {
        kafka = LocalStackTestResource.kafka();
    }

    @Test
    void firingReportsHowManyTimersEachBatchHandled() throws Throwable {
        // Timers other test classes left due on the shared database are not this test's to count.
        while (VertxContextSupport.subscribeAndAwait(() -> timekeeper.fireDue(Instant.now())) > 0) {
        }
        List<TicketSnapshot> tickets = openOverdue(25);

        List<Integer> batches = new ArrayList<>();
        for (int pass = 0; pass < 4; pass++) {
            batches.add(VertxContextSupport.subscribeAndAwait(() -> timekeeper.fireDue(Instant.now())));
        }

        assertThat(batches).containsExactly(BATCH, BATCH, 5, 0);
        assertWarnedAndBreachedOnce(tickets);
    }

    @Test
    void oneTickFiresABacklogOfSeveralBatches() {
        List<TicketSnapshot> tickets = openOverdue(BATCH * 2 + 5);

        clock.tick();

        // With the hourly timer there is no second tick: everything must come from this one.
        assertWarnedAndBreachedOnce(tickets);
    }

    /** Tickets opened a minute ago: their 3 s first-response targets are past their warning and due times. */
    private List<TicketSnapshot> openOverdue(int count) {
        Instant openedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        List<TicketSnapshot> tickets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TicketSnapshot ticket = newTicket(openedAt);
            tickets.add(ticket);
            kafka.send(Topics.TICKET_EVENTS, opened(ticket));
        }
        // Their timers exist once both targets' SlaTimerStarted are out.
        eventsOf(tickets, SlaTimerStarted.class, count * 2);
        return tickets;
    }

    private static void assertWarnedAndBreachedOnce(List<TicketSnapshot> tickets) {
        Map<UUID, List<SlaEvent>> warnings = eventsOf(tickets, SlaWarningRaised.class, tickets.size());
        Map<UUID, List<SlaEvent>> breaches = eventsOf(tickets, SlaBreached.class, tickets.size());
        for (TicketSnapshot ticket : tickets) {
            assertThat(warnings.get(ticket.id())).as("warnings of %s", ticket.id()).hasSize(1);
            assertThat(breaches.get(ticket.id())).as("breaches of %s", ticket.id()).hasSize(1)
                    .allSatisfy(breach -> assertThat(breach.occurredAt()).isEqualTo(ticket.openedAt().plusSeconds(3)));
        }
    }

    /** The tickets' events of one type, by ticket, once {@code expected} of them arrived (then 2 s more for repeats). */
    private static Map<UUID, List<SlaEvent>> eventsOf(List<TicketSnapshot> tickets, Class<? extends SlaEvent> type,
            int expected) {
        Set<String> keys = tickets.stream().map(ticket -> ticket.id().toString()).collect(Collectors.toSet());
        Predicate<ConsumerRecord<String, String>> matching = record -> keys.contains(record.key())
                && type.isInstance(JsonCodec.read(record.value(), SlaEvent.class));
        kafka.read(Topics.SLA_EVENTS, matching, expected, Duration.ofSeconds(30));
        return kafka.readFor(Topics.SLA_EVENTS, matching, Duration.ofSeconds(2)).stream()
                .map(record -> JsonCodec.read(record.value(), SlaEvent.class))
                .collect(Collectors.groupingBy(event -> event.timer().ticketId()));
    }
}
