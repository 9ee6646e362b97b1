package io.atende.reporting.rest;

import static io.atende.contracts.testing.SlaEvents.breached;
import static io.atende.contracts.testing.SlaEvents.firstResponseTimer;
import static io.atende.contracts.testing.TicketEvents.newTicket;
import static io.atende.contracts.testing.TicketEvents.opened;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.atende.contracts.Topics;
import io.atende.contracts.sla.SlaBreached;
import io.atende.contracts.testing.TicketEvents;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.contracts.ticket.TicketSnapshot;
import io.atende.localstack.DevTokens;
import io.atende.localstack.KafkaTestClient;
import io.atende.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_reporting"))
class ReportResourceTest {

    private static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = LocalStackTestResource.kafka();
    }

    @Test
    void countsEachTicketAndBreachOnceHoweverOftenDelivered() {
        // A day of its own, far from other tests' events, so the counts are exact.
        Instant day = Instant.parse("2031-01-01T00:00:00Z").plus(Duration.ofDays(ThreadLocalRandom.current().nextInt(3000)));
        TicketSnapshot first = newTicket(day.plusSeconds(3600));
        TicketSnapshot second = newTicket(day.plusSeconds(7200));
        TicketOpened firstOpened = opened(first);
        SlaBreached breach = breached(firstResponseTimer(first, 900));

        kafka.send(Topics.TICKET_EVENTS, firstOpened);
        kafka.send(Topics.TICKET_EVENTS, firstOpened);
        kafka.send(Topics.TICKET_EVENTS, opened(second));
        kafka.send(Topics.SLA_EVENTS, breach);
        kafka.send(Topics.SLA_EVENTS, breach);

        String from = day.toString();
        String to = day.plus(Duration.ofDays(1)).toString();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> summary(from, to)
                .body("ticketsOpened", equalTo(2))
                .body("slaBreaches", equalTo(1)));
        // Settled: the redeliveries did not count twice.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> summary(from, to)
                .body("ticketsOpened", equalTo(2))
                .body("slaBreaches", equalTo(1)));
        summary(day.plusSeconds(5400).toString(), to).body("ticketsOpened", equalTo(1)).body("slaBreaches", equalTo(0));
    }

    @Test
    void refusesAdminTokensOfAnotherAudienceIssuerOrKeyExpiredOrUnsigned() {
        DevTokens.refusedAdminTokens().forEach((what, token) -> assertThat(given().auth().oauth2(token).when().get("/reports/summary").statusCode())
                .as("admin token with %s", what).isEqualTo(401));
    }

    @Test
    void aDepartmentsClaimThatIsNotAListOfIdsIsForbiddenNotAServerError() {
        for (Object claim : List.of(List.of(123, 456), "6a1d3a8e-not-a-list", List.of("sales"))) {
            String token = DevTokens.mint("sup", List.of("supervisor"), Map.of("departments", claim), Duration.ofHours(1));
            given().auth().oauth2(token).when().get("/reports/summary")
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("detail", containsString("'departments' claim"));
        }
    }

    @Test
    void rejectsAPeriodThatEndsBeforeItStarts() {
        given().auth().oauth2(supervisorToken())
                .when().get("/reports/summary?from=2030-02-01T00:00:00Z&to=2030-01-01T00:00:00Z")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("is after"));
    }

    @Test
    void rejectsAMalformedInstant() {
        given().auth().oauth2(supervisorToken())
                .when().get("/reports/summary?from=yesterday")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("ISO-8601"));
    }

    @Test
    void agentsCannotReadReports() {
        given().auth().oauth2(DevTokens.mint("ana", List.of("agent"))).when().get("/reports/summary")
                .then().statusCode(403);
        given().when().get("/reports/summary").then().statusCode(401);
    }

    @Test
    void malformedEventGoesToTheDeadLetterTopic() {
        String key = "poison-" + System.nanoTime();
        kafka.sendRaw(Topics.SLA_EVENTS, key, "{\"type\":\"SlaExploded\"}");

        List<ConsumerRecord<String, String>> dead = kafka.read(Topics.deadLetter(Topics.SLA_EVENTS), record -> key.equals(record.key()), 1,
                Duration.ofSeconds(20));
        assertThat(dead).hasSize(1);
    }

    private static ValidatableResponse summary(String from, String to) {
        return given().auth().oauth2(supervisorToken())
                .queryParam("from", from).queryParam("to", to)
                .when().get("/reports/summary")
                .then().statusCode(200);
    }

    /** Supervises the default department, where the mothers' tickets are. */
    private static String supervisorToken() {
        return DevTokens.mint("sup", List.of("supervisor"),
                Map.of("departments", List.of(TicketEvents.DEFAULT_DEPARTMENT.toString())), Duration.ofHours(1));
    }
}
