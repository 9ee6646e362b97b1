package io.atende.sla.rest;

import static io.atende.contracts.testing.TicketEvents.newTicket;
import static io.atende.contracts.testing.TicketEvents.opened;
import static io.atende.sla.testing.MoreTicketEvents.closed;
import static io.atende.sla.testing.MoreTicketEvents.inDepartment;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.atende.contracts.Topics;
import io.atende.contracts.sla.SlaTarget;
import io.atende.contracts.ticket.TicketSnapshot;
import io.atende.localstack.DevTokens;
import io.atende.localstack.KafkaTestClient;
import io.atende.localstack.LocalStackTestResource;
import io.atende.sla.testing.SlaEventLog;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Policies and calendars over REST. Every policy here names its own department, so no other test sees it. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "atende_sla"))
class SlaAdministrationTest {

    static RequestSpecification as(String role) {
        return given().auth().oauth2(DevTokens.mint(role + "-user", List.of(role))).contentType(ContentType.JSON);
    }

    static Map<String, Object> officeHours(String name, String zone) {
        return Map.of("name", name, "timeZone", zone,
                "intervals", List.of(Map.of("day", "MONDAY", "start", "08:00", "end", "12:00"),
                        Map.of("day", "MONDAY", "start", "13:00", "end", "18:00"),
                        Map.of("day", "FRIDAY", "start", "08:00", "end", "24:00")),
                "holidays", List.of("2026-12-25", "2026-01-01"));
    }

    static String createCalendar(String name) {
        return as("admin").body(officeHours(name, "America/New_York")).when().post("/sla/calendars")
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void anAdminCreatesACalendarAndAPolicyOnItThatASupervisorCanRead() {
        String calendarId = createCalendar("office-" + UUID.randomUUID());
        as("supervisor").when().get("/sla/calendars/{id}", calendarId).then().statusCode(200)
                .body("timeZone", equalTo("America/New_York"))
                .body("intervals[1].start", equalTo("13:00"))
                .body("intervals[2].end", equalTo("24:00"))
                .body("holidays[0]", equalTo("2026-01-01"));

        UUID department = UUID.randomUUID();
        String policyId = as("admin").body(Map.of("departmentId", department, "priority", "HIGH",
                "firstResponseSeconds", 600, "nextResponseSeconds", 900, "resolutionSeconds", 28_800,
                "warningPercent", 75, "calendarId", calendarId))
                .when().post("/sla/policies").then().statusCode(201)
                .body("businessHours", equalTo(true)).extract().path("id");

        as("supervisor").when().get("/sla/policies").then().statusCode(200).body("id", hasItem(policyId));
        as("supervisor").when().get("/sla/policies/{id}", policyId).then().statusCode(200)
                .body("warningPercent", equalTo(75)).body("calendarId", equalTo(calendarId));
        as("admin").body(Map.of("departmentId", department, "priority", "HIGH", "firstResponseSeconds", 300,
                "nextResponseSeconds", 900, "resolutionSeconds", 28_800))
                .when().put("/sla/policies/{id}", policyId).then().statusCode(200)
                .body("firstResponseSeconds", equalTo(300)).body("warningPercent", equalTo(80))
                .body("businessHours", equalTo(false));
        as("admin").when().delete("/sla/policies/{id}", policyId).then().statusCode(204);
        as("admin").when().get("/sla/policies/{id}", policyId).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aCalendarIsDeletedOnlyOnceNoPolicyAndNoUnfinishedTimerUsesIt() {
        String calendarId = createCalendar("delete-me-" + UUID.randomUUID());
        UUID department = UUID.randomUUID();
        String policyId = as("admin").body(Map.of("departmentId", department, "firstResponseSeconds", 3600,
                "nextResponseSeconds", 3600, "resolutionSeconds", 36_000, "calendarId", calendarId))
                .when().post("/sla/policies").then().statusCode(201).extract().path("id");

        as("admin").when().delete("/sla/calendars/{id}", calendarId).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("1 policies"));

        // A ticket whose timers count in the calendar keeps it alive after its policy is gone.
        TicketSnapshot ticket = inDepartment(newTicket(Instant.now().truncatedTo(ChronoUnit.MILLIS)), department);
        KafkaTestClient kafka = LocalStackTestResource.kafka();
        SlaEventLog log = new SlaEventLog(kafka);
        kafka.send(Topics.TICKET_EVENTS, opened(ticket));
        log.await(ticket.id(), SlaTarget.RESOLUTION, 1);
        as("admin").when().delete("/sla/policies/{id}", policyId).then().statusCode(204);
        as("admin").when().delete("/sla/calendars/{id}", calendarId).then().statusCode(409)
                .body("detail", containsString("2 running or paused timers"));

        kafka.send(Topics.TICKET_EVENTS, closed(ticket, Instant.now()));
        log.await(ticket.id(), SlaTarget.RESOLUTION, 2);
        as("supervisor").when().delete("/sla/calendars/{id}", calendarId).then().statusCode(403);
        as("admin").when().delete("/sla/calendars/{id}", calendarId).then().statusCode(204);
        as("admin").when().get("/sla/calendars/{id}", calendarId).then().statusCode(404);
        as("admin").when().delete("/sla/calendars/{id}", calendarId).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void refusesAdminTokensOfAnotherAudienceIssuerOrKeyExpiredOrUnsigned() {
        DevTokens.refusedAdminTokens().forEach((what, token) -> assertThat(given().auth().oauth2(token).when().get("/sla/policies").statusCode())
                .as("admin token with %s", what).isEqualTo(401));
    }

    @Test
    void bodiesOfTheWrongShapeAndOutOfRangeQueriesAreProblemsNotServerErrors() {
        as("admin").body("[]").when().post("/sla/calendars").then().statusCode(400)
                .contentType("application/problem+json");
        as("admin").body("[]").when().post("/sla/policies").then().statusCode(400)
                .contentType("application/problem+json");
        as("supervisor").when().get("/departments/{id}/sla/at-risk?withinSeconds=9223372036854775807", UUID.randomUUID())
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("withinSeconds"));
    }

    @Test
    void aSupervisorCannotWriteAndAnAnonymousCallerCannotRead() {
        as("supervisor").body(officeHours("sup-" + UUID.randomUUID(), "America/Sao_Paulo"))
                .when().post("/sla/calendars").then().statusCode(403);
        as("agent").when().get("/sla/policies").then().statusCode(403);
        given().when().get("/sla/calendars").then().statusCode(401);
    }

    @Test
    void overlappingIntervalsAreABadRequest() {
        as("admin").body(Map.of("name", "overlap-" + UUID.randomUUID(), "intervals", List.of(
                Map.of("day", "TUESDAY", "start", "08:00", "end", "12:00"),
                Map.of("day", "TUESDAY", "start", "11:00", "end", "14:00"))))
                .when().post("/sla/calendars").then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400)).body("detail", containsString("overlap on TUESDAY"));
    }

    @Test
    void malformedIntervalsAndAnUnknownTimeZoneAreBadRequests() {
        as("admin").body(officeHours("zone-" + UUID.randomUUID(), "America/Atlantis"))
                .when().post("/sla/calendars").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("unknown time zone"));
        as("admin").body(Map.of("name", "backwards-" + UUID.randomUUID(), "intervals", List.of(
                Map.of("day", "MONDAY", "start", "18:00", "end", "08:00"))))
                .when().post("/sla/calendars").then().statusCode(400).contentType("application/problem+json");
        as("admin").body(Map.of("name", "empty-" + UUID.randomUUID(), "intervals", List.of()))
                .when().post("/sla/calendars").then().statusCode(400).contentType("application/problem+json");
        as("admin").body(Map.of("name", "noday-" + UUID.randomUUID(), "intervals", List.of(
                Map.of("day", "FUNDAY", "start", "08:00", "end", "12:00"))))
                .when().post("/sla/calendars").then().statusCode(400).contentType("application/problem+json");
        // The default zone applies when none is given; the calendar is not saved after a 400.
        as("admin").body(Map.of("name", "default-zone-" + UUID.randomUUID(), "intervals", List.of(
                Map.of("day", "MONDAY", "start", "08:00", "end", "12:00"))))
                .when().post("/sla/calendars").then().statusCode(201).body("timeZone", equalTo("America/Sao_Paulo"));
    }

    @Test
    void zeroOrNegativeTargetsAreBadRequests() {
        for (Map<String, Object> body : List.<Map<String, Object>>of(
                Map.of("departmentId", UUID.randomUUID(), "firstResponseSeconds", 0, "nextResponseSeconds", 60,
                        "resolutionSeconds", 60),
                Map.of("departmentId", UUID.randomUUID(), "firstResponseSeconds", 60, "nextResponseSeconds", -5,
                        "resolutionSeconds", 60),
                Map.of("departmentId", UUID.randomUUID(), "firstResponseSeconds", 60, "nextResponseSeconds", 60),
                Map.of("departmentId", UUID.randomUUID(), "firstResponseSeconds", 60, "nextResponseSeconds", 60,
                        "resolutionSeconds", 60, "warningPercent", 100))) {
            as("admin").body(body).when().post("/sla/policies").then().statusCode(400)
                    .contentType("application/problem+json").body("detail", notNullValue());
        }
    }

    @Test
    void anUnknownCalendarIsABadRequestAndASecondPolicyForTheSameScopeAConflict() {
        UUID department = UUID.randomUUID();
        as("admin").body(Map.of("departmentId", department, "firstResponseSeconds", 60, "nextResponseSeconds", 60,
                "resolutionSeconds", 60, "calendarId", UUID.randomUUID()))
                .when().post("/sla/policies").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("unknown calendar"));
        Map<String, Object> policy = Map.of("departmentId", department, "firstResponseSeconds", 60,
                "nextResponseSeconds", 60, "resolutionSeconds", 60);
        as("admin").body(policy).when().post("/sla/policies").then().statusCode(201);
        as("admin").body(policy).when().post("/sla/policies").then().statusCode(409)
                .contentType("application/problem+json");
    }
}
