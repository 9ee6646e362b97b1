package io.atende.reporting.rest;

import static io.atende.contracts.testing.TicketEvents.newTicket;
import static io.atende.contracts.testing.TicketEvents.opened;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.atende.contracts.Topics;
import io.atende.contracts.testing.TicketEvents;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.localstack.DevTokens;
import io.atende.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * A rebuild while another replica holds some of the partitions: the partitions that replica holds must be replayed
 * too, by whoever holds them next, or the history they carry is gone from the read models. The "other replica" is
 * a plain consumer of the service's group that holds its share of {@code ticket.events.v1} and then leaves.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_reporting"))
class RebuildReplicasTest {

    @Test
    void partitionsAnotherReplicaHeldDuringTheRebuildAreReplayedWhenTheyMove() {
        Instant day = Instant.parse("2041-01-01T00:00:00Z").plus(Duration.ofDays(ThreadLocalRandom.current().nextInt(3000)));
        // Twelve tickets, keyed by ticket id, so they fall on every partition.
        List<TicketOpened> tickets = IntStream.range(0, 12)
                .mapToObj(i -> opened(newTicket(day.plusSeconds(60L * (i + 1))))).toList();
        LocalStackTestResource.kafka().sendAll(Topics.TICKET_EVENTS, tickets);
        String from = day.toString();
        String to = day.plus(Duration.ofDays(1)).toString();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> summary(from, to).body("ticketsOpened", equalTo(12)));

        try (KafkaConsumer<String, String> otherReplica = otherReplica()) {
            otherReplica.subscribe(List.of(Topics.TICKET_EVENTS));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                otherReplica.poll(Duration.ofMillis(200));
                return !otherReplica.assignment().isEmpty();
            });
            assertThat(otherReplica.assignment()).hasSizeLessThan(3); // the service kept the rest

            given().auth().oauth2(DevTokens.mint("admin", List.of("admin"))).post("/admin/read-models/rebuild")
                    .then().statusCode(200);
        }

        // The other replica left: its partitions came back to the service, which must replay them from the start.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> summary(from, to).body("ticketsOpened", equalTo(12)));
    }

    private static KafkaConsumer<String, String> otherReplica() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reporting-service");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "other-replica-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    private static ValidatableResponse summary(String from, String to) {
        return given().auth().oauth2(DevTokens.mint("sup", List.of("supervisor"),
                Map.of("departments", List.of(TicketEvents.DEFAULT_DEPARTMENT.toString())), Duration.ofHours(1)))
                .queryParam("from", from).queryParam("to", to)
                .when().get("/reports/summary")
                .then().statusCode(200);
    }
}
