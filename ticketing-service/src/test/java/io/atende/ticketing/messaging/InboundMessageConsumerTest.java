package io.atende.ticketing.messaging;

import static io.atende.contracts.testing.InboundMessages.customerText;
import static io.atende.contracts.testing.InboundMessages.groupText;
import static io.atende.contracts.testing.InboundMessages.newContactAddress;
import static io.atende.contracts.testing.InboundMessages.newGroupAddress;
import static io.atende.contracts.testing.InboundMessages.redelivered;
import static io.atende.contracts.testing.InboundMessages.typedOnPhone;
import static io.atende.ticketing.TicketingTestSupport.CHANNEL;
import static io.atende.ticketing.TicketingTestSupport.adminToken;
import static io.atende.ticketing.TicketingTestSupport.kafka;
import static io.atende.ticketing.TicketingTestSupport.ticketEvents;
import static io.atende.ticketing.TicketingTestSupport.ticketEventsSettled;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.atende.contracts.ContactRef;
import io.atende.contracts.Topics;
import io.atende.contracts.channel.InboundMessageReceived;
import io.atende.contracts.ticket.AgentReplied;
import io.atende.contracts.ticket.CustomerMessageReceived;
import io.atende.contracts.ticket.TicketEvent;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.contracts.ticket.TicketRoutedToDepartment;
import io.atende.contracts.ticket.TicketStatus;
import io.atende.localstack.KafkaTestClient;
import io.atende.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_ticketing"))
class InboundMessageConsumerTest {

    @Test
    void opensOneTicketPerConversation() {
        String contact = newContactAddress();

        kafka().send(Topics.CHANNEL_INBOUND, customerText(CHANNEL, contact, "Oi, bom dia"));
        kafka().send(Topics.CHANNEL_INBOUND, customerText(CHANNEL, contact, "Meu pedido não chegou"));

        List<TicketEvent> messages = ticketEvents(contact, CustomerMessageReceived.class::isInstance, 2);
        assertThat(messages).hasSize(2);
        assertThat(messages).extracting(event -> event.ticket().id()).containsOnly(messages.get(0).ticket().id());
        List<TicketEvent> opened = ticketEventsSettled(contact, TicketOpened.class::isInstance);
        assertThat(opened).hasSize(1);
        TicketEvent ticketOpened = opened.get(0);
        assertThat(ticketOpened.ticket().number()).isPositive();
        assertThat(ticketOpened.ticket().status()).isEqualTo(TicketStatus.QUEUED);
        assertThat(ticketOpened.ticket().departmentName()).isEqualTo("Geral");
        assertThat(ticketEventsSettled(contact, TicketRoutedToDepartment.class::isInstance)).hasSize(1);

        given().auth().oauth2(adminToken())
                .when().get("/tickets/{id}", ticketOpened.ticket().id())
                .then().statusCode(200)
                .body("number", equalTo((int) ticketOpened.ticket().number()))
                .body("messages", hasSize(2))
                .body("messages[0].text", equalTo("Oi, bom dia"))
                .body("messages[0].author", equalTo("CUSTOMER"));
        given().auth().oauth2(adminToken()).queryParam("contact", contact)
                .when().get("/tickets")
                .then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].id", equalTo(ticketOpened.ticket().id().toString()));
    }

    @Test
    void ticketOpensAtTheMessageReceivedTime() {
        String contact = newContactAddress();
        InboundMessageReceived first = customerText(CHANNEL, contact, "Olá");

        kafka().send(Topics.CHANNEL_INBOUND, first);

        TicketEvent opened = ticketEvents(contact, TicketOpened.class::isInstance, 1).get(0);
        assertThat(opened.occurredAt()).isEqualTo(first.receivedAt());
        assertThat(opened.ticket().openedAt()).isEqualTo(first.receivedAt());
    }

    @Test
    void redeliveredMessageIsStoredOnce() {
        String contact = newContactAddress();
        InboundMessageReceived message = customerText(CHANNEL, contact, "Oi");

        kafka().send(Topics.CHANNEL_INBOUND, message);
        kafka().send(Topics.CHANNEL_INBOUND, message);
        kafka().send(Topics.CHANNEL_INBOUND, redelivered(message));
        kafka().send(Topics.CHANNEL_INBOUND, customerText(CHANNEL, contact, "marker"));

        ticketEvents(contact, CustomerMessageReceived.class::isInstance, 2);
        List<TicketEvent> stored = ticketEventsSettled(contact, event -> event instanceof CustomerMessageReceived received
                && received.externalMessageId().equals(message.externalMessageId()));
        assertThat(stored).hasSize(1);
        assertThat(ticketEventsSettled(contact, TicketOpened.class::isInstance)).hasSize(1);
    }

    @Test
    void malformedRecordGoesToTheDeadLetterTopicAndTheConsumerGoesOn() {
        String contact = newContactAddress();
        String key = Topics.conversationKey(CHANNEL, contact);

        kafka().sendRaw(Topics.CHANNEL_INBOUND, key, "{\"eventId\": \"not-a-uuid\", \"text\": \"oi\"");
        kafka().send(Topics.CHANNEL_INBOUND, customerText(CHANNEL, contact, "depois do registro ruim"));

        assertThat(ticketEvents(contact, TicketOpened.class::isInstance, 1)).hasSize(1);
        List<ConsumerRecord<String, String>> dead = kafka().read(Topics.deadLetter(Topics.CHANNEL_INBOUND),
                record -> key.equals(record.key()), 1, Duration.ofSeconds(20));
        assertThat(dead).hasSize(1);
        assertThat(KafkaTestClient.header(dead.get(0), "dead-letter-reason")).contains("InboundMessageReceived");
    }

    @Test
    void messageTypedOnTheBusinessPhoneIsAnAgentReplyByThePhone() {
        String contact = newContactAddress();

        kafka().send(Topics.CHANNEL_INBOUND, customerText(CHANNEL, contact, "Oi"));
        kafka().send(Topics.CHANNEL_INBOUND, typedOnPhone(CHANNEL, contact, "Olá! Já vou ver."));

        List<TicketEvent> replies = ticketEvents(contact, AgentReplied.class::isInstance, 1);
        assertThat(replies).hasSize(1);
        assertThat(((AgentReplied) replies.get(0)).author()).isEqualTo(AgentReplied.BUSINESS_PHONE);
        assertThat(ticketEventsSettled(contact, CustomerMessageReceived.class::isInstance)).hasSize(1);
    }

    @Test
    void groupMessagesFromTwoParticipantsShareOneTicketWhoseContactIsTheGroup() {
        String group = newGroupAddress();

        kafka().send(Topics.CHANNEL_INBOUND,
                groupText(CHANNEL, group, "5511912345678@s.whatsapp.net", "João", "Bom dia"));
        kafka().send(Topics.CHANNEL_INBOUND,
                groupText(CHANNEL, group, "5511923456789@s.whatsapp.net", "Ana", "O pedido 4521 saiu?"));

        List<TicketEvent> messages = ticketEvents(group, CustomerMessageReceived.class::isInstance, 2);
        assertThat(messages).extracting(event -> event.ticket().id()).containsOnly(messages.get(0).ticket().id());
        List<TicketEvent> opened = ticketEventsSettled(group, TicketOpened.class::isInstance);
        assertThat(opened).hasSize(1);
        // The participants write as senders: neither one's number or name becomes the group's.
        assertThat(opened.get(0).ticket().contact()).isEqualTo(new ContactRef(group, null, null, null));
        given().auth().oauth2(adminToken())
                .when().get("/tickets/{id}", opened.get(0).ticket().id())
                .then().statusCode(200)
                .body("contact.address", equalTo(group))
                .body("contact.phoneNumber", nullValue())
                .body("contact.name", nullValue())
                .body("messages", hasSize(2));
    }
}
