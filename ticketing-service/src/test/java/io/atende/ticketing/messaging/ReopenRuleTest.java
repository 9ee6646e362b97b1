package io.atende.ticketing.messaging;

import static io.atende.contracts.testing.InboundMessages.customerText;
import static io.atende.contracts.testing.InboundMessages.newContactAddress;
import static io.atende.ticketing.TicketingTestSupport.CHANNEL;
import static io.atende.ticketing.TicketingTestSupport.adminToken;
import static io.atende.ticketing.TicketingTestSupport.kafka;
import static io.atende.ticketing.TopicRecorder.about;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.atende.contracts.Topics;
import io.atende.contracts.channel.InboundMessageReceived;
import io.atende.contracts.ticket.CustomerMessageReceived;
import io.atende.contracts.ticket.TicketEvent;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.contracts.ticket.TicketReopened;
import io.atende.localstack.LocalStackTestResource;
import io.atende.ticketing.TopicRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The test profile sets {@code atende.ticketing.reopen-window=10m} (the default 0 never reopens). */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_ticketing"))
class ReopenRuleTest {

    private final TopicRecorder recorder = TopicRecorder.get();

    private TicketOpened ticketResolvedBy(String contact, String action) {
        kafka().send(Topics.CHANNEL_INBOUND, customerText(CHANNEL, contact, "Oi"));
        TicketOpened opened = recorder.awaitTicketEvent(TicketOpened.class, about(contact));
        recorder.awaitTicketEvent(CustomerMessageReceived.class, about(contact));
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body("{}")
                .when().post("/tickets/{id}/" + action, opened.ticket().id()).then().statusCode(200);
        return opened;
    }

    /** The same customer message, received {@code after} later than now (a logical clock for the window). */
    private static InboundMessageReceived receivedLater(InboundMessageReceived message, Duration after) {
        return new InboundMessageReceived(message.eventId(), message.occurredAt().plus(after), message.channel(),
                message.externalMessageId(), message.contact(), message.sender(), message.direction(),
                message.sentAt().plus(after), message.receivedAt().plus(after), message.kind(), message.text(), null,
                null, null, false);
    }

    @Test
    void aMessageWithinTheReopenWindowReopensTheResolvedTicket() {
        String contact = newContactAddress();
        TicketOpened opened = ticketResolvedBy(contact, "resolve");

        kafka().send(Topics.CHANNEL_INBOUND, customerText(CHANNEL, contact, "Ainda não chegou"));

        TicketReopened reopened = recorder.awaitTicketEvent(TicketReopened.class, about(contact));
        assertThat(reopened.ticket().id()).isEqualTo(opened.ticket().id());
        assertThat(reopened.ticket().number()).isEqualTo(opened.ticket().number());
        List<TicketEvent> messages = recorder.awaitTicketEvents(about(contact).and(CustomerMessageReceived.class::isInstance), 2);
        assertThat(messages).extracting(event -> event.ticket().id()).containsOnly(opened.ticket().id());
        assertThat(recorder.ticketEvents(about(contact).and(TicketOpened.class::isInstance))).hasSize(1);
    }

    @Test
    void aMessageAfterTheReopenWindowOpensANewTicketWithANewNumber() {
        String contact = newContactAddress();
        TicketOpened first = ticketResolvedBy(contact, "resolve");

        kafka().send(Topics.CHANNEL_INBOUND, receivedLater(customerText(CHANNEL, contact, "Outra coisa"), Duration.ofMinutes(11)));

        List<TicketEvent> opened = recorder.awaitTicketEvents(about(contact).and(TicketOpened.class::isInstance), 2);
        assertThat(opened.get(1).ticket().id()).isNotEqualTo(first.ticket().id());
        assertThat(opened.get(1).ticket().number()).isGreaterThan(first.ticket().number());
        assertThat(recorder.ticketEvents(about(contact).and(TicketReopened.class::isInstance))).isEmpty();
    }

    @Test
    void aClosedTicketNeverReopens() {
        String contact = newContactAddress();
        TicketOpened first = ticketResolvedBy(contact, "close");

        kafka().send(Topics.CHANNEL_INBOUND, customerText(CHANNEL, contact, "Oi de novo"));

        List<TicketEvent> opened = recorder.awaitTicketEvents(about(contact).and(TicketOpened.class::isInstance), 2);
        assertThat(opened.get(1).ticket().id()).isNotEqualTo(first.ticket().id());
        assertThat(recorder.ticketEvents(about(contact).and(TicketReopened.class::isInstance))).isEmpty();
    }
}
