package io.atende.ticketing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.atende.contracts.JsonCodec;
import io.atende.contracts.Topics;
import io.atende.contracts.ticket.TicketEvent;
import io.atende.localstack.DevTokens;
import io.atende.localstack.KafkaTestClient;
import io.atende.localstack.LocalStackTestResource;

/** Kafka and database access and tokens for this module's tests. */
public final class TicketingTestSupport {

    public static final String CHANNEL = "whatsapp-test";

    private TicketingTestSupport() {
    }

    public static KafkaTestClient kafka() {
        return LocalStackTestResource.kafka();
    }

    /** The ticket events about one conversation, waiting until {@code expected} have arrived. */
    public static List<TicketEvent> ticketEvents(String contactAddress, Predicate<TicketEvent> matching, int expected) {
        return awaitEvents(contactAddress, matching, expected, Duration.ofSeconds(20));
    }

    private static List<TicketEvent> awaitEvents(String contactAddress, Predicate<TicketEvent> matching, int expected,
            Duration timeout) {
        return kafka().read(Topics.TICKET_EVENTS, record -> {
            TicketEvent event = JsonCodec.read(record.value(), TicketEvent.class);
            return event.ticket().contact().address().equals(contactAddress) && matching.test(event);
        }, expected, timeout).stream().map(record -> JsonCodec.read(record.value(), TicketEvent.class)).toList();
    }

    /** Reads for the whole window: for asserting that no more than what arrived arrives. */
    public static List<TicketEvent> ticketEventsSettled(String contactAddress, Predicate<TicketEvent> matching) {
        return awaitEvents(contactAddress, matching, Integer.MAX_VALUE, Duration.ofSeconds(3));
    }

    /** A JDBC connection of its own to the service's database, for what a test must do behind the service's back. */
    public static Connection database() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }

    /** How many of the database's sessions wait for a lock. */
    public static int sessionsWaitingForALock(Connection database) throws SQLException {
        try (Statement statement = database.createStatement();
                ResultSet rows = statement.executeQuery("select count(*) from pg_stat_activity"
                        + " where wait_event_type = 'Lock' and datname = current_database()")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    public static String adminToken() {
        return DevTokens.mint("admin", List.of("admin"));
    }

    public static String agentToken() {
        return DevTokens.mint("ana", List.of("agent"));
    }
}
