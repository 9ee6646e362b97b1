package io.atende.sla.service;

import static io.atende.contracts.testing.TicketEvents.newTicket;
import static io.atende.contracts.testing.TicketEvents.opened;
import static io.atende.sla.testing.MoreTicketEvents.inDepartment;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.atende.contracts.JsonCodec;
import io.atende.contracts.Topics;
import io.atende.contracts.sla.SlaBreached;
import io.atende.contracts.sla.SlaEvent;
import io.atende.contracts.sla.SlaTarget;
import io.atende.contracts.sla.SlaTimerStarted;
import io.atende.contracts.sla.SlaWarningRaised;
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

/** Replicas racing for the same due timers, business hours end to end, and the at-risk list. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "atende_sla"))
class SlaClockConcurrencyTest {

    private static KafkaTestClient kafka;
    private static SlaEventLog log;

    @Inject
    SlaTimekeeper timekeeper;

    @BeforeAll
    static void connect() {
        kafka = LocalStackTestResource.kafka();
        log = new SlaEventLog(kafka);
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return given().auth().oauth2(DevTokens.mint("admin", List.of("admin"))).contentType(ContentType.JSON);
    }

    @Test
    void twoReplicasFiringTheSameDueSetBreachEachTimerOnce() throws Exception {
        // Due 2 s from now (3 s target): the app's own clock and two more "replicas" race for the same rows.
        Instant openedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(1);
        List<TicketSnapshot> tickets = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            TicketSnapshot ticket = newTicket(openedAt);
            tickets.add(ticket);
            kafka.send(Topics.TICKET_EVENTS, opened(ticket));
        }
        Set<String> keys = tickets.stream().map(ticket -> ticket.id().toString()).collect(Collectors.toSet());
        kafka.read(Topics.SLA_EVENTS, record -> keys.contains(record.key())
                && record.value().contains("SlaTimerStarted") && record.value().contains("FIRST_RESPONSE"),
                tickets.size(), Duration.ofSeconds(30));

        Instant until = openedAt.plusSeconds(4);
        List<CompletableFuture<Integer>> replicas = new ArrayList<>();
        for (int replica = 0; replica < 2; replica++) {
            replicas.add(CompletableFuture.supplyAsync(() -> {
                int fired = 0;
                while (Instant.now().isBefore(until)) {
                    try {
                        fired += VertxContextSupport.subscribeAndAwait(() -> timekeeper.fireDue(Instant.now()));
                    } catch (Throwable e) {
                        throw new IllegalStateException(e);
                    }
                }
                return fired;
            }));
        }
        for (CompletableFuture<Integer> replica : replicas) {
            replica.get();
        }

        List<SlaEvent> events = kafka.readFor(Topics.SLA_EVENTS, record -> keys.contains(record.key()),
                Duration.ofSeconds(3)).stream().map(record -> JsonCodec.read(record.value(), SlaEvent.class))
                .filter(event -> event.timer().target() == SlaTarget.FIRST_RESPONSE).toList();
        Map<UUID, List<SlaEvent>> breaches = events.stream().filter(SlaBreached.class::isInstance)
                .collect(Collectors.groupingBy(event -> event.timer().ticketId()));
        Map<UUID, List<SlaEvent>> warnings = events.stream().filter(SlaWarningRaised.class::isInstance)
                .collect(Collectors.groupingBy(event -> event.timer().ticketId()));
        assertThat(breaches).hasSize(tickets.size());
        assertThat(breaches.values()).allSatisfy(list -> assertThat(list).hasSize(1));
        assertThat(warnings).hasSize(tickets.size());
        assertThat(warnings.values()).allSatisfy(list -> assertThat(list).hasSize(1));
        assertThat(breaches.values()).allSatisfy(list -> assertThat(list.get(0).occurredAt())
                .isEqualTo(openedAt.plusSeconds(3)));
    }

    @Test
    void aBusinessHoursTargetSkipsTheWeekendAndAHoliday() {
        ZoneId saoPaulo = ZoneId.of("America/Sao_Paulo");
        String calendarId = admin().body(Map.of("name", "loja-" + UUID.randomUUID(), "intervals",
                List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY").stream()
                        .map(day -> Map.of("day", day, "start", "08:00", "end", "18:00")).toList(),
                "holidays", List.of("2026-03-09")))
                .when().post("/sla/calendars").then().statusCode(201).extract().path("id");
        UUID department = UUID.randomUUID();
        admin().body(Map.of("departmentId", department, "firstResponseSeconds", 3600, "nextResponseSeconds", 3600,
                "resolutionSeconds", 36_000, "calendarId", calendarId))
                .when().post("/sla/policies").then().statusCode(201);
        // Friday 17:30: 30 min on Friday, none on the weekend or Monday's holiday, 30 min on Tuesday.
        Instant friday = LocalDateTime.parse("2026-03-06T17:30").atZone(saoPaulo).toInstant();
        TicketSnapshot ticket = inDepartment(newTicket(friday), department);
        kafka.send(Topics.TICKET_EVENTS, opened(ticket));

        List<SlaEvent> events = log.await(ticket.id(), SlaTarget.FIRST_RESPONSE, 3);
        SlaTimerStarted started = (SlaTimerStarted) events.get(0);
        assertThat(started.timer().businessHours()).isTrue();
        assertThat(started.timer().dueAt()).isEqualTo(LocalDateTime.parse("2026-03-10T08:30").atZone(saoPaulo).toInstant());
        assertThat(events.get(1).occurredAt()).isEqualTo(LocalDateTime.parse("2026-03-10T08:18").atZone(saoPaulo).toInstant());
        assertThat(events.get(2)).isInstanceOf(SlaBreached.class);
        assertThat(events.get(2).occurredAt()).isEqualTo(started.timer().dueAt());
        // Resolution: 10 business hours = Friday 30 min + Tuesday 08:00-17:30.
        assertThat(log.await(ticket.id(), SlaTarget.RESOLUTION, 1).get(0).timer().dueAt())
                .isEqualTo(LocalDateTime.parse("2026-03-10T17:30").atZone(saoPaulo).toInstant());
    }

    @Test
    void theAtRiskListShowsADepartmentsRunningTargetsSoonestBreachFirst() {
        UUID department = UUID.randomUUID();
        admin().body(Map.of("departmentId", department, "firstResponseSeconds", 1200, "nextResponseSeconds", 1200,
                "resolutionSeconds", 7200)).when().post("/sla/policies").then().statusCode(201);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TicketSnapshot older = inDepartment(newTicket(now.minusSeconds(600)), department);
        TicketSnapshot newer = inDepartment(newTicket(now.minusSeconds(60)), department);
        kafka.send(Topics.TICKET_EVENTS, opened(newer));
        kafka.send(Topics.TICKET_EVENTS, opened(older));
        log.await(older.id(), SlaTarget.RESOLUTION, 1);
        log.await(newer.id(), SlaTarget.RESOLUTION, 1);

        given().auth().oauth2(DevTokens.supervisorOf(department))
                .when().get("/departments/{id}/sla/at-risk", department)
                .then().statusCode(200)
                .body("$", hasSize(2))
                .body("[0].ticketId", equalTo(older.id().toString()))
                .body("[0].target", equalTo("FIRST_RESPONSE"))
                .body("[0].dueAt", equalTo(now.plusSeconds(600).toString()))
                .body("[1].ticketId", equalTo(newer.id().toString()));
        given().auth().oauth2(DevTokens.supervisorOf(department))
                .when().get("/departments/{id}/sla/at-risk?withinSeconds=7200", department)
                .then().statusCode(200).body("$", hasSize(4))
                .body("[3].target", equalTo("RESOLUTION"))
                .body("[3].ticketId", equalTo(newer.id().toString()));
        given().auth().oauth2(DevTokens.supervisorOf(department))
                .when().get("/departments/{id}/sla/at-risk?withinSeconds=-1", department)
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(DevTokens.supervisorOf(UUID.randomUUID()))
                .when().get("/departments/{id}/sla/at-risk", department)
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(DevTokens.mint("admin", List.of("admin")))
                .when().get("/departments/{id}/sla/at-risk", department)
                .then().statusCode(200).body("$", hasSize(2));
    }
}
