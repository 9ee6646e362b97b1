package io.atende.sla.service;

import static io.atende.contracts.testing.TicketEvents.agentReplied;
import static io.atende.contracts.testing.TicketEvents.botMessage;
import static io.atende.contracts.testing.TicketEvents.newTicket;
import static io.atende.contracts.testing.TicketEvents.opened;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.atende.contracts.Topics;
import io.atende.contracts.sla.SlaBreached;
import io.atende.contracts.sla.SlaEvent;
import io.atende.contracts.sla.SlaMet;
import io.atende.contracts.sla.SlaTarget;
import io.atende.contracts.sla.SlaTimerStarted;
import io.atende.contracts.sla.SlaWarningRaised;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.contracts.ticket.TicketSnapshot;
import io.atende.localstack.DevTokens;
import io.atende.localstack.KafkaTestClient;
import io.atende.localstack.LocalStackTestResource;
import io.atende.sla.testing.SlaEventLog;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** The fallback policy in the test profile: first and next response 3 s, resolution 1 h. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "atende_sla"))
class SlaTimekeeperTest {

    private static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = LocalStackTestResource.kafka();
    }

    @Test
    void breachesTheFirstResponseTargetWhenNobodyReplies() {
        TicketSnapshot ticket = newTicket(Instant.now().truncatedTo(ChronoUnit.MILLIS));

        kafka.send(Topics.TICKET_EVENTS, opened(ticket));

        List<SlaEvent> events = slaEvents(ticket.id(), 3);
        assertThat(events).extracting(event -> event.getClass().getSimpleName())
                .containsExactly("SlaTimerStarted", "SlaWarningRaised", "SlaBreached");
        SlaEvent breach = events.get(2);
        assertThat(breach.timer().target()).isEqualTo(SlaTarget.FIRST_RESPONSE);
        assertThat(breach.timer().dueAt()).isEqualTo(ticket.openedAt().plusSeconds(3));
        assertThat(breach.occurredAt()).isEqualTo(breach.timer().dueAt());
        assertThat(((SlaWarningRaised) events.get(1)).occurredAt()).isEqualTo(ticket.openedAt().plusMillis(2400));
    }

    @Test
    void aHumanReplyMeetsTheTarget() {
        TicketSnapshot ticket = newTicket(Instant.now().truncatedTo(ChronoUnit.MILLIS));

        kafka.send(Topics.TICKET_EVENTS, opened(ticket));
        kafka.send(Topics.TICKET_EVENTS, agentReplied(ticket, ticket.openedAt().plusSeconds(1)));

        List<SlaEvent> events = slaEvents(ticket.id(), 2);
        assertThat(events.get(1)).isInstanceOf(SlaMet.class);
        SlaMet met = (SlaMet) events.get(1);
        assertThat(met.breached()).isFalse();
        assertThat(met.elapsedSeconds()).isEqualTo(1);
        assertThat(settledSlaEvents(ticket.id(), Duration.ofSeconds(4))).noneMatch(SlaBreached.class::isInstance);
    }

    @Test
    void botMessagesDoNotStopTheClock() {
        TicketSnapshot ticket = newTicket(Instant.now().truncatedTo(ChronoUnit.MILLIS));

        kafka.send(Topics.TICKET_EVENTS, opened(ticket));
        kafka.send(Topics.TICKET_EVENTS, botMessage(ticket, ticket.openedAt().plusMillis(100)));

        assertThat(slaEvents(ticket.id(), 3)).last().isInstanceOf(SlaBreached.class);
    }

    @Test
    void aLateReplyStopsTheClockAsBreached() {
        TicketSnapshot ticket = newTicket(Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS));

        kafka.send(Topics.TICKET_EVENTS, opened(ticket));
        slaEvents(ticket.id(), 3);
        kafka.send(Topics.TICKET_EVENTS, agentReplied(ticket, Instant.now()));

        List<SlaEvent> events = slaEvents(ticket.id(), 4);
        assertThat(events.get(3)).isInstanceOf(SlaMet.class);
        assertThat(((SlaMet) events.get(3)).breached()).isTrue();
    }

    @Test
    void aRedeliveredTicketOpenedStartsOneTimerAndBreachesOnce() {
        TicketSnapshot ticket = newTicket(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        TicketOpened opened = opened(ticket);

        kafka.send(Topics.TICKET_EVENTS, opened);
        kafka.send(Topics.TICKET_EVENTS, opened);
        // Same ticket, new event id: the natural key (ticket, target, cycle) still allows one timer.
        kafka.send(Topics.TICKET_EVENTS, new TicketOpened(UUID.randomUUID(), opened.occurredAt(), ticket));

        slaEvents(ticket.id(), 3);
        List<SlaEvent> settled = settledSlaEvents(ticket.id(), Duration.ofSeconds(4));
        assertThat(settled).filteredOn(SlaTimerStarted.class::isInstance).hasSize(1);
        assertThat(settled).filteredOn(SlaBreached.class::isInstance).hasSize(1);
    }

    @Test
    void showsTheTicketsTargetsOverRest() {
        TicketSnapshot ticket = newTicket(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        kafka.send(Topics.TICKET_EVENTS, opened(ticket));
        slaEvents(ticket.id(), 1);

        given().auth().oauth2(DevTokens.supervisorOf(ticket.departmentId()))
                .when().get("/tickets/{id}/sla", ticket.id())
                .then().statusCode(200)
                .body("$", hasSize(2))
                .body("[0].target", equalTo("FIRST_RESPONSE"))
                .body("[0].state", equalTo("RUNNING"))
                .body("[0].cycle", equalTo(1))
                .body("[1].target", equalTo("RESOLUTION"))
                .body("[1].targetSeconds", equalTo(3600));
        given().when().get("/tickets/{id}/sla", ticket.id()).then().statusCode(401);
        given().auth().oauth2(DevTokens.supervisorOf(UUID.randomUUID()))
                .when().get("/tickets/{id}/sla", ticket.id())
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(DevTokens.mint("sup", List.of("supervisor"), Map.of("departments", "sales"),
                Duration.ofHours(1)))
                .when().get("/tickets/{id}/sla", ticket.id())
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(DevTokens.mint("admin", List.of("admin")))
                .when().get("/tickets/{id}/sla", ticket.id())
                .then().statusCode(200).body("$", hasSize(2));
    }

    /** The ticket's first-response events (the resolution timer runs beside it). */
    private static List<SlaEvent> slaEvents(UUID ticketId, int expected) {
        return new SlaEventLog(kafka).await(ticketId, SlaTarget.FIRST_RESPONSE, expected);
    }

    private static List<SlaEvent> settledSlaEvents(UUID ticketId, Duration window) {
        return new SlaEventLog(kafka).settled(ticketId, SlaTarget.FIRST_RESPONSE, window);
    }
}
