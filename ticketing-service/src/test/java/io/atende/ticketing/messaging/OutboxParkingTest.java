package io.atende.ticketing.messaging;

import static io.atende.contracts.testing.InboundMessages.customerText;
import static io.atende.contracts.testing.InboundMessages.newContactAddress;
import static io.atende.ticketing.TicketingTestSupport.CHANNEL;
import static io.atende.ticketing.TicketingTestSupport.database;
import static io.atende.ticketing.TicketingTestSupport.kafka;
import static io.atende.ticketing.TicketingTestSupport.ticketEventsSettled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.atende.contracts.Topics;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An outbox row the broker can never take (larger than a record may be) must not hold up the rows after it, nor
 * make the relay send them again and again: it is parked with the reason and the rest flows, each event once.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_ticketing"))
class OutboxParkingTest {

    @Test
    void aRecordTheBrokerRefusesForGoodIsParkedAndTheEventsAfterItAreRelayedOnce() throws Exception {
        UUID oversized = UUID.randomUUID();
        try (Connection db = database(); PreparedStatement insert = db.prepareStatement("insert into outbox_event"
                + " (id, topic, message_key, event_type, payload, occurred_at) values (?, ?, ?, 'Oversized', ?, now())")) {
            insert.setObject(1, oversized);
            insert.setString(2, Topics.TICKET_EVENTS);
            insert.setString(3, "relay-test-" + oversized);
            insert.setString(4, "{\"padding\":\"" + "x".repeat(2_000_000) + "\"}"); // the broker takes 1 MiB
            insert.executeUpdate();
        }
        String contact = newContactAddress();
        kafka().send(Topics.CHANNEL_INBOUND, customerText(CHANNEL, contact, "Oi"));

        await().atMost(Duration.ofSeconds(20)).until(() -> parkedReason(oversized) != null);
        assertThat(parkedReason(oversized)).contains("RecordTooLargeException");
        // Several relay polls long: an event sent again at each retry would show up more than once.
        assertThat(ticketEventsSettled(contact, TicketOpened.class::isInstance)).hasSize(1);
        try (Connection db = database(); PreparedStatement left = db.prepareStatement(
                "select count(*) from outbox_event where id = ?")) {
            left.setObject(1, oversized);
            try (ResultSet rows = left.executeQuery()) {
                rows.next();
                assertThat(rows.getInt(1)).isZero();
            }
        }
    }

    private static String parkedReason(UUID id) throws SQLException {
        try (Connection db = database();
                PreparedStatement select = db.prepareStatement("select reason from outbox_parked where id = ?")) {
            select.setObject(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
