package io.atende.sla.service;

import static io.atende.contracts.testing.TicketEvents.agentReplied;
import static io.atende.contracts.testing.TicketEvents.newTicket;
import static io.atende.contracts.testing.TicketEvents.opened;
import static io.atende.sla.testing.MoreTicketEvents.closed;
import static io.atende.sla.testing.MoreTicketEvents.customerMessage;
import static io.atende.sla.testing.MoreTicketEvents.inDepartment;
import static io.atende.sla.testing.MoreTicketEvents.priorityChanged;
import static io.atende.sla.testing.MoreTicketEvents.reopened;
import static io.atende.sla.testing.MoreTicketEvents.resolved;
import static io.atende.sla.testing.MoreTicketEvents.transferred;
import static io.atende.sla.testing.MoreTicketEvents.waitingOnCustomer;
import static io.atende.sla.testing.SlaEventLog.types;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.atende.contracts.JsonCodec;
import io.atende.contracts.Priority;
import io.atende.contracts.Topics;
import io.atende.contracts.sla.SlaBreached;
import io.atende.contracts.sla.SlaCancelled;
import io.atende.contracts.sla.SlaEvent;
import io.atende.contracts.sla.SlaMet;
import io.atende.contracts.sla.SlaPaused;
import io.atende.contracts.sla.SlaResumed;
import io.atende.contracts.sla.SlaTarget;
import io.atende.contracts.sla.SlaTimerStarted;
import io.atende.contracts.ticket.AgentReplied;
import io.atende.contracts.ticket.TicketEvent;
import io.atende.contracts.ticket.TicketSnapshot;
import io.atende.localstack.DevTokens;
import io.atende.localstack.KafkaTestClient;
import io.atende.localstack.LocalStackTestResource;
import io.atende.sla.testing.SlaEventLog;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * Each target, pause and resume, reopen, re-targeting and out-of-order events, over the real broker and database.
 * Fallback policy of the test profile: first and next response 3 s, resolution 1 h; tests that need other targets
 * create a policy for a department of their own. Times are logical: assertions compare event times, not clocks.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "atende_sla"))
class SlaTimerLifecycleTest {

    private static KafkaTestClient kafka;
    private static SlaEventLog log;

    @Inject
    ParkedEventExpiry expiry;

    @BeforeAll
    static void connect() {
        kafka = LocalStackTestResource.kafka();
        log = new SlaEventLog(kafka);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void send(Object... events) {
        for (Object event : events) {
            kafka.send(Topics.TICKET_EVENTS, (io.atende.contracts.Event) event);
        }
    }

    /** A department with its own calendar-time policy (seconds). */
    static UUID departmentWithPolicy(Priority priority, long first, long next, long resolution) {
        UUID department = UUID.randomUUID();
        given().auth().oauth2(DevTokens.mint("admin", List.of("admin"))).contentType(ContentType.JSON)
                .body(priority == null
                        ? Map.of("departmentId", department, "firstResponseSeconds", first, "nextResponseSeconds", next,
                                "resolutionSeconds", resolution)
                        : Map.of("departmentId", department, "priority", priority, "firstResponseSeconds", first,
                                "nextResponseSeconds", next, "resolutionSeconds", resolution))
                .when().post("/sla/policies").then().statusCode(201);
        return department;
    }

    @Test
    void nextResponseStartsAtTheFirstUnansweredCustomerMessageAfterAReplyAndIsMetByTheNextReply() {
        TicketSnapshot ticket = newTicket(now());
        Instant t = ticket.openedAt();
        send(opened(ticket), agentReplied(ticket, t.plusMillis(200)), customerMessage(ticket, t.plusMillis(500)),
                customerMessage(ticket, t.plusMillis(700)), agentReplied(ticket, t.plusMillis(1700)));

        List<SlaEvent> events = log.await(ticket.id(), SlaTarget.NEXT_RESPONSE, 2);
        assertThat(types(events)).startsWith("SlaTimerStarted", "SlaMet");
        assertThat(events.get(0).timer().startedAt()).isEqualTo(t.plusMillis(500));
        assertThat(events.get(0).timer().dueAt()).isEqualTo(t.plusMillis(3500));
        SlaMet met = (SlaMet) events.get(1);
        assertThat(met.occurredAt()).isEqualTo(t.plusMillis(1700));
        assertThat(met.elapsedSeconds()).isEqualTo(1);
        assertThat(met.breached()).isFalse();
        assertThat(log.settled(ticket.id(), SlaTarget.NEXT_RESPONSE, Duration.ofSeconds(4)))
                .as("one round, no breach").hasSize(2);
    }

    @Test
    void anUnansweredCustomerMessageBreachesTheNextResponseAndEachRoundHasItsOwnTimer() {
        TicketSnapshot ticket = newTicket(now());
        Instant t = ticket.openedAt();
        send(opened(ticket), agentReplied(ticket, t.plusMillis(100)), customerMessage(ticket, t.plusMillis(300)));

        List<SlaEvent> events = log.await(ticket.id(), SlaTarget.NEXT_RESPONSE, 3);
        assertThat(types(events)).containsExactly("SlaTimerStarted", "SlaWarningRaised", "SlaBreached");
        assertThat(events.get(2).occurredAt()).isEqualTo(t.plusMillis(3300));

        Instant late = now();
        send(agentReplied(ticket, late), customerMessage(ticket, late.plusMillis(100)));
        events = log.await(ticket.id(), SlaTarget.NEXT_RESPONSE, 5);
        assertThat(((SlaMet) events.get(3)).breached()).isTrue();
        assertThat(events.get(4)).isInstanceOf(SlaTimerStarted.class);
        assertThat(events.get(4).timer().timerId()).isNotEqualTo(events.get(0).timer().timerId());
        assertThat(events.get(4).timer().startedAt()).isEqualTo(late.plusMillis(100));
    }

    @Test
    void theBusinessPhoneCountsAsAHumanReply() {
        TicketSnapshot ticket = newTicket(now());
        send(opened(ticket), new AgentReplied(UUID.randomUUID(), ticket.openedAt().plusMillis(500), ticket,
                UUID.randomUUID(), AgentReplied.BUSINESS_PHONE, null));
        List<SlaEvent> events = log.await(ticket.id(), SlaTarget.FIRST_RESPONSE, 2);
        assertThat(events.get(1)).isInstanceOf(SlaMet.class);
        assertThat(((SlaMet) events.get(1)).breached()).isFalse();
    }

    @Test
    void resolutionIsMetWhenTheTicketIsResolvedInTimeAndOpenResponseTargetsAreCancelled() {
        UUID department = departmentWithPolicy(null, 60, 60, 5);
        TicketSnapshot ticket = inDepartment(newTicket(now()), department);
        Instant t = ticket.openedAt();
        send(opened(ticket), resolved(ticket, t.plusSeconds(2)));

        List<SlaEvent> resolution = log.await(ticket.id(), SlaTarget.RESOLUTION, 2);
        assertThat(resolution.get(0).timer().targetSeconds()).isEqualTo(5);
        SlaMet met = (SlaMet) resolution.get(1);
        assertThat(met.elapsedSeconds()).isEqualTo(2);
        assertThat(met.breached()).isFalse();
        List<SlaEvent> first = log.await(ticket.id(), SlaTarget.FIRST_RESPONSE, 2);
        assertThat(first.get(1)).isInstanceOf(SlaCancelled.class);
        assertThat(((SlaCancelled) first.get(1)).reason()).isEqualTo("ticket resolved");
    }

    @Test
    void resolutionBreachesAtItsDueTimeWhenTheTicketStaysOpen() {
        UUID department = departmentWithPolicy(null, 60, 60, 2);
        TicketSnapshot ticket = inDepartment(newTicket(now()), department);
        send(opened(ticket), agentReplied(ticket, ticket.openedAt().plusMillis(100)));

        List<SlaEvent> events = log.await(ticket.id(), SlaTarget.RESOLUTION, 3);
        assertThat(events.get(2)).isInstanceOf(SlaBreached.class);
        assertThat(events.get(2).occurredAt()).isEqualTo(ticket.openedAt().plusSeconds(2));
    }

    @Test
    void waitingOnTheCustomerPausesTheClocksAndTheCustomersAnswerResumesThemWithANewDueTime() {
        UUID department = departmentWithPolicy(null, 60, 60, 4);
        TicketSnapshot ticket = inDepartment(newTicket(now()), department);
        Instant t = ticket.openedAt();
        send(opened(ticket), agentReplied(ticket, t.plusMillis(500)), waitingOnCustomer(ticket, t.plusSeconds(1)),
                customerMessage(ticket, t.plusSeconds(3)));

        List<SlaEvent> events = log.await(ticket.id(), SlaTarget.RESOLUTION, 5);
        assertThat(types(events)).containsExactly("SlaTimerStarted", "SlaPaused", "SlaResumed", "SlaWarningRaised",
                "SlaBreached");
        assertThat(events.get(1).occurredAt()).isEqualTo(t.plusSeconds(1));
        SlaResumed resumed = (SlaResumed) events.get(2);
        assertThat(resumed.occurredAt()).isEqualTo(t.plusSeconds(3));
        // 1 s counted before the pause, 3 s left from the resume.
        assertThat(resumed.timer().dueAt()).isEqualTo(t.plusSeconds(6));
        assertThat(events.get(4).occurredAt()).isEqualTo(t.plusSeconds(6));
        // The customer's answer after the reply also starts a next-response round.
        assertThat(log.await(ticket.id(), SlaTarget.NEXT_RESPONSE, 1).get(0).timer().startedAt())
                .isEqualTo(t.plusSeconds(3));
    }

    @Test
    void aPausedTimerShowsAsPausedAndHasNoDueTimeRunningOut() {
        TicketSnapshot ticket = newTicket(now());
        send(opened(ticket), waitingOnCustomer(ticket, ticket.openedAt().plusMillis(300)));
        List<SlaEvent> events = log.await(ticket.id(), SlaTarget.FIRST_RESPONSE, 2);
        assertThat(events.get(1)).isInstanceOf(SlaPaused.class);
        assertThat(log.settled(ticket.id(), SlaTarget.FIRST_RESPONSE, Duration.ofSeconds(4))).hasSize(2);
        given().auth().oauth2(DevTokens.supervisorOf(ticket.departmentId()))
                .when().get("/tickets/{id}/sla", ticket.id())
                .then().statusCode(200)
                .body("[0].state", equalTo("PAUSED"))
                .body("[0].paused", equalTo(true))
                .body("[0].remainingSeconds", equalTo(2))
                .body("[0].breached", equalTo(false));
    }

    @Test
    void aReopenedTicketStartsNewTargetsInANewCycle() {
        TicketSnapshot ticket = newTicket(now());
        Instant t = ticket.openedAt();
        send(opened(ticket), agentReplied(ticket, t.plusMillis(200)), resolved(ticket, t.plusMillis(400)),
                reopened(ticket, t.plusMillis(600)));

        List<SlaEvent> first = log.await(ticket.id(), SlaTarget.FIRST_RESPONSE, 5);
        assertThat(types(first)).containsExactly("SlaTimerStarted", "SlaMet", "SlaTimerStarted", "SlaWarningRaised",
                "SlaBreached");
        assertThat(first.get(2).timer().startedAt()).isEqualTo(t.plusMillis(600));
        assertThat(first.get(2).timer().timerId()).isNotEqualTo(first.get(0).timer().timerId());
        assertThat(first.get(4).occurredAt()).isEqualTo(t.plusMillis(3600));
        List<SlaEvent> resolution = log.await(ticket.id(), SlaTarget.RESOLUTION, 3);
        assertThat(types(resolution)).containsExactly("SlaTimerStarted", "SlaMet", "SlaTimerStarted");
        given().auth().oauth2(DevTokens.supervisorOf(ticket.departmentId()))
                .when().get("/tickets/{id}/sla", ticket.id())
                .then().statusCode(200)
                .body("findAll { it.cycle == 2 }.size()", equalTo(2))
                .body("find { it.cycle == 1 && it.target == 'FIRST_RESPONSE' }.state", equalTo("MET"));
    }

    @Test
    void aTransferToADepartmentWithAShorterTargetReTargetsTheRunningTimerKeepingTheTimeCounted() {
        UUID strict = departmentWithPolicy(null, 2, 60, 3600);
        TicketSnapshot ticket = newTicket(now());
        Instant t = ticket.openedAt();
        send(opened(ticket), transferred(ticket, strict, t.plusSeconds(1)));

        List<SlaEvent> events = log.await(ticket.id(), SlaTarget.FIRST_RESPONSE, 5);
        assertThat(types(events)).containsExactly("SlaTimerStarted", "SlaCancelled", "SlaTimerStarted",
                "SlaWarningRaised", "SlaBreached");
        assertThat(((SlaCancelled) events.get(1)).reason()).startsWith("re-targeted under policy");
        SlaEvent restarted = events.get(2);
        assertThat(restarted.timer().departmentId()).isEqualTo(strict);
        assertThat(restarted.timer().startedAt()).isEqualTo(t);
        assertThat(restarted.timer().targetSeconds()).isEqualTo(2);
        // 1 s counted under the old policy, 1 s left of the new 2 s target from the transfer.
        assertThat(restarted.timer().dueAt()).isEqualTo(t.plusSeconds(2));
        assertThat(events.get(4).occurredAt()).isEqualTo(t.plusSeconds(2));
        assertThat(events.get(4).timer().timerId()).isEqualTo(restarted.timer().timerId());
    }

    @Test
    void aPriorityChangeToAPolicyWithALongerTargetPostponesTheBreach() {
        UUID department = departmentWithPolicy(null, 2, 60, 3600);
        departmentWithPolicyForPriority(department, Priority.LOW, 600);
        TicketSnapshot ticket = inDepartment(newTicket(now()), department);
        Instant t = ticket.openedAt();
        send(opened(ticket), priorityChanged(ticket, Priority.LOW, t.plusMillis(500)));

        List<SlaEvent> events = log.await(ticket.id(), SlaTarget.FIRST_RESPONSE, 3);
        assertThat(types(events)).containsExactly("SlaTimerStarted", "SlaCancelled", "SlaTimerStarted");
        assertThat(events.get(2).timer().priority()).isEqualTo(Priority.LOW);
        assertThat(events.get(2).timer().dueAt()).isEqualTo(t.plusSeconds(600));
        assertThat(log.settled(ticket.id(), SlaTarget.FIRST_RESPONSE, Duration.ofSeconds(3))).hasSize(3);
    }

    private static void departmentWithPolicyForPriority(UUID department, Priority priority, long first) {
        given().auth().oauth2(DevTokens.mint("admin", List.of("admin"))).contentType(ContentType.JSON)
                .body(Map.of("departmentId", department, "priority", priority, "firstResponseSeconds", first,
                        "nextResponseSeconds", 60, "resolutionSeconds", 3600))
                .when().post("/sla/policies").then().statusCode(201);
    }

    @Test
    void aTransferBetweenDepartmentsUnderTheSamePolicyKeepsTheTimer() {
        TicketSnapshot ticket = newTicket(now());
        UUID other = UUID.randomUUID();
        send(opened(ticket), transferred(ticket, other, ticket.openedAt().plusMillis(200)));
        List<SlaEvent> events = log.await(ticket.id(), SlaTarget.FIRST_RESPONSE, 3);
        assertThat(types(events)).containsExactly("SlaTimerStarted", "SlaWarningRaised", "SlaBreached");
        assertThat(events.get(2).timer().departmentId()).isEqualTo(other);
    }

    @Test
    void aReplyThatArrivesBeforeItsTicketOpenedIsParkedAndAppliedWhenTheTicketOpens() {
        TicketSnapshot ticket = newTicket(now());
        AgentReplied reply = agentReplied(ticket, ticket.openedAt().plusSeconds(1));
        send(reply, reply, opened(ticket));

        List<SlaEvent> events = log.await(ticket.id(), SlaTarget.FIRST_RESPONSE, 2);
        assertThat(types(events)).startsWith("SlaTimerStarted", "SlaMet");
        assertThat(((SlaMet) events.get(1)).elapsedSeconds()).isEqualTo(1);
        assertThat(log.settled(ticket.id(), SlaTarget.FIRST_RESPONSE, Duration.ofSeconds(4))).hasSize(2);
    }

    @Test
    void aParkedEventWhoseTicketNeverOpensIsDeadLetteredAfterTheRetention() throws Throwable {
        TicketSnapshot ticket = newTicket(now());
        AgentReplied reply = agentReplied(ticket, ticket.openedAt().plusSeconds(1));
        send(reply);

        // Two days later (the retention is a day): the sweep finds the reply parked and dead-letters it.
        List<ConsumerRecord<String, String>> dead = List.of();
        for (int attempt = 0; attempt < 20 && dead.isEmpty(); attempt++) {
            VertxContextSupport.subscribeAndAwait(() -> expiry.expire(Instant.now().plus(Duration.ofDays(2))));
            dead = kafka.readFor(Topics.deadLetter(Topics.TICKET_EVENTS),
                    record -> record.key().equals(ticket.id().toString()), Duration.ofSeconds(1));
        }
        assertThat(dead).hasSize(1);
        assertThat(KafkaTestClient.header(dead.get(0), "dead-letter-reason")).contains("never opened");
        assertThat(KafkaTestClient.header(dead.get(0), "dead-letter-topic")).isEqualTo(Topics.TICKET_EVENTS);
        assertThat(JsonCodec.read(dead.get(0).value(), TicketEvent.class).eventId()).isEqualTo(reply.eventId());

        // Gone from the parking: a late TicketOpened no longer applies it, and a second sweep sends nothing.
        send(opened(ticket));
        assertThat(types(log.await(ticket.id(), SlaTarget.FIRST_RESPONSE, 3)))
                .containsExactly("SlaTimerStarted", "SlaWarningRaised", "SlaBreached");
        VertxContextSupport.subscribeAndAwait(() -> expiry.expire(Instant.now().plus(Duration.ofDays(2))));
        assertThat(kafka.readFor(Topics.deadLetter(Topics.TICKET_EVENTS),
                record -> record.key().equals(ticket.id().toString()), Duration.ofSeconds(2))).hasSize(1);
    }

    @Test
    void aReplyFromTheEarlierCycleArrivingAfterTheReopenDoesNotMeetTheNewCycle() {
        TicketSnapshot ticket = newTicket(now());
        Instant t = ticket.openedAt();
        send(opened(ticket), resolved(ticket, t.plusMillis(100)), reopened(ticket, t.plusMillis(500)),
                agentReplied(ticket, t.plusMillis(300)));
        List<SlaEvent> first = log.await(ticket.id(), SlaTarget.FIRST_RESPONSE, 5);
        assertThat(types(first)).containsExactly("SlaTimerStarted", "SlaCancelled", "SlaTimerStarted",
                "SlaWarningRaised", "SlaBreached");
    }

    @Test
    void closingCancelsEveryOpenTarget() {
        TicketSnapshot ticket = newTicket(now());
        send(opened(ticket), closed(ticket, ticket.openedAt().plusMillis(300)));
        List<SlaEvent> events = log.await(ticket.id(), null, 4);
        assertThat(types(events)).containsExactlyInAnyOrder("SlaTimerStarted", "SlaTimerStarted", "SlaCancelled",
                "SlaCancelled");
        assertThat(log.settled(ticket.id(), null, Duration.ofSeconds(4))).hasSize(4);
    }
}
