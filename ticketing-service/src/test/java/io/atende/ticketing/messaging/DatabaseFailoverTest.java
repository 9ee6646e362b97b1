package io.atende.ticketing.messaging;

import static io.atende.contracts.testing.InboundMessages.customerText;
import static io.atende.contracts.testing.InboundMessages.newContactAddress;
import static io.atende.ticketing.TicketingTestSupport.CHANNEL;
import static io.atende.ticketing.TicketingTestSupport.adminToken;
import static io.atende.ticketing.TicketingTestSupport.database;
import static io.atende.ticketing.TicketingTestSupport.kafka;
import static io.atende.ticketing.TicketingTestSupport.ticketEvents;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.atende.contracts.Topics;
import io.atende.contracts.ticket.CustomerMessageReceived;
import io.atende.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A fail-over as the service sees it: the database answers but refuses writes (SQLSTATE 25006, what an old primary
 * or a standby not yet promoted says). The intake must wait for it (readiness DOWN) and lose nothing, rather than
 * retry a few times and dead-letter the customers' messages.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_ticketing"))
class DatabaseFailoverTest {

    @Test
    void messagesThatArriveWhileTheDatabaseRefusesWritesAreStoredOnceItTakesThemAgain() throws Exception {
        String contact = newContactAddress();
        long deadLettersBefore = deadLetters(contact);
        try {
            readOnly(true);
            kafka().sendAll(Topics.CHANNEL_INBOUND, List.of(customerText(CHANNEL, contact, "Oi"),
                    customerText(CHANNEL, contact, "Alguém aí?"), customerText(CHANNEL, contact, "Preciso de ajuda")));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().when().get("/q/health/ready")
                    .then().statusCode(503).body("checks.name", hasItem("database-writes")));
            // For longer than the few quick retries an ordinary failure gets before it is dead-lettered.
            await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10))
                    .until(() -> deadLetters(contact) == deadLettersBefore);
        } finally {
            readOnly(false);
        }
        assertThat(ticketEvents(contact, CustomerMessageReceived.class::isInstance, 3)).hasSize(3);
        given().auth().oauth2(adminToken()).queryParam("contact", contact).when().get("/tickets")
                .then().statusCode(200).body("$", hasSize(1))
                .body("[0].messages.text", contains("Oi", "Alguém aí?", "Preciso de ajuda"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(200));
        assertThat(deadLetters(contact)).isEqualTo(deadLettersBefore);
    }

    private static long deadLetters(String contact) {
        return kafka().read(Topics.CHANNEL_INBOUND + ".dlq", record -> record.value().contains(contact),
                Integer.MAX_VALUE, Duration.ofSeconds(1)).size();
    }

    /** Every session of the cluster, the service's pooled ones included, defaults to read-only transactions. */
    private static void readOnly(boolean on) throws SQLException {
        try (Connection connection = database(); Statement statement = connection.createStatement()) {
            statement.execute("alter system set default_transaction_read_only = " + on);
            statement.execute("select pg_reload_conf()");
        }
    }
}
