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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.atende.contracts.Topics;
import io.atende.contracts.channel.InboundMessageReceived;
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

    /**
     * What {@code ChaosIT} does to the database, here with the intake's batches in flight: every connection of the
     * service ends as soon as it appears, for 5 s, while customers write. A failure of a connection that dies under
     * a pipelined batch (a pending command, a rollback of a dead transaction, a wait for a connection) is an outage
     * like a refused connection: nothing may be dead-lettered, every message is stored once.
     */
    @Test
    void messagesThatArriveWhileEveryConnectionIsCutAreStoredOnce() throws Exception {
        List<String> contacts = IntStream.range(0, 20).mapToObj(i -> newContactAddress()).toList();
        Set<String> contactSet = Set.copyOf(contacts);
        long deadLettersBefore = deadLetters(contactSet);
        AtomicBoolean cutting = new AtomicBoolean(true);
        Thread cutter = Thread.ofPlatform().start(() -> cutEveryConnection(cutting));
        int sent = 0;
        try {
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            for (int round = 0; System.nanoTime() < until; round++) {
                List<InboundMessageReceived> burst = new ArrayList<>();
                for (String contact : contacts) {
                    burst.add(customerText(CHANNEL, contact, "mensagem " + round));
                }
                kafka().sendAll(Topics.CHANNEL_INBOUND, burst);
                sent += burst.size();
                Thread.sleep(100);
            }
        } finally {
            cutting.set(false);
            cutter.join();
        }
        int expected = sent;
        await().atMost(Duration.ofSeconds(60)).until(() -> storedMessages(contacts) >= expected);
        assertThat(storedMessages(contacts)).isEqualTo(sent);
        assertThat(deadLetters(contactSet)).isEqualTo(deadLettersBefore);
        try (Connection connection = database(); PreparedStatement query = connection.prepareStatement(
                "select count(*) from ticket where contact_address = any (?)")) {
            query.setArray(1, connection.createArrayOf("text", contacts.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertThat(rows.getLong(1)).as("one ticket per conversation").isEqualTo(contacts.size());
            }
        }
        // Ready again once the database is back (the JDBC pool's idle connection, cut too, fails one validation).
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(200));
    }

    private static void cutEveryConnection(AtomicBoolean cutting) {
        try (Connection connection = database(); Statement statement = connection.createStatement()) {
            while (cutting.get()) {
                statement.execute("select pg_terminate_backend(pid) from pg_stat_activity"
                        + " where datname = current_database() and pid <> pg_backend_pid()");
                Thread.sleep(5);
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long storedMessages(List<String> contacts) throws SQLException {
        try (Connection connection = database(); PreparedStatement query = connection.prepareStatement(
                "select count(*) from ticket_message where contact_address = any (?)")) {
            query.setArray(1, connection.createArrayOf("text", contacts.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static long deadLetters(Set<String> contacts) {
        return kafka().read(Topics.CHANNEL_INBOUND + ".dlq", record -> contacts.stream().anyMatch(record.value()::contains),
                Integer.MAX_VALUE, Duration.ofSeconds(1)).size();
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
