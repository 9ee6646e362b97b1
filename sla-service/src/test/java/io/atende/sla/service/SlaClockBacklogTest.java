package io.atende.sla.service;

import static io.atende.contracts.testing.TicketEvents.newTicket;
import static io.atende.contracts.testing.TicketEvents.opened;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.atende.contracts.Topics;
import io.atende.contracts.sla.SlaBreached;
import io.atende.contracts.sla.SlaEvent;
import io.atende.contracts.sla.SlaTarget;
import io.atende.contracts.sla.SlaWarningRaised;
import io.atende.contracts.ticket.TicketSnapshot;
import io.atende.localstack.KafkaTestClient;
import io.atende.localstack.LocalStackTestResource;
import io.atende.sla.service.SlaClockBacklogTest.HourlyClockProfile;
import io.atende.sla.testing.SlaEventLog;
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
    private static SlaEventLog log;

    @Inject
    SlaTimekeeper timekeeper;

    @Inject
    SlaClock clock;

    @BeforeAll
    static void connect() {
        kafka = LocalStackTestResource.kafka();
        log = new SlaEventLog(kafka);
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
        for (TicketSnapshot ticket : tickets) {
            log.await(ticket.id(), SlaTarget.RESOLUTION, 1);
        }
        return tickets;
    }

    private static void assertWarnedAndBreachedOnce(List<TicketSnapshot> tickets) {
        for (TicketSnapshot ticket : tickets) {
            List<SlaEvent> events = log.await(ticket.id(), SlaTarget.FIRST_RESPONSE, 3);
            assertThat(events).filteredOn(SlaWarningRaised.class::isInstance).hasSize(1);
            assertThat(events).filteredOn(SlaBreached.class::isInstance).hasSize(1)
                    .allSatisfy(breach -> assertThat(breach.occurredAt()).isEqualTo(ticket.openedAt().plusSeconds(3)));
        }
    }
}
