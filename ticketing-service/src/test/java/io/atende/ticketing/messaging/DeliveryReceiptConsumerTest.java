package io.atende.ticketing.messaging;

import static io.atende.contracts.testing.InboundMessages.customerText;
import static io.atende.contracts.testing.InboundMessages.newContactAddress;
import static io.atende.ticketing.TicketingTestSupport.CHANNEL;
import static io.atende.ticketing.TicketingTestSupport.adminToken;
import static io.atende.ticketing.TicketingTestSupport.kafka;
import static io.atende.ticketing.TopicRecorder.about;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.atende.contracts.Topics;
import io.atende.contracts.channel.DeliveryStatus;
import io.atende.contracts.channel.MessageDeliveryUpdated;
import io.atende.contracts.channel.OutboundMessageRequested;
import io.atende.contracts.ticket.CustomerMessageReceived;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.localstack.KafkaTestClient;
import io.atende.localstack.LocalStackTestResource;
import io.atende.ticketing.TestDirectory;
import io.atende.ticketing.TestDirectory.User;
import io.atende.ticketing.TopicRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_ticketing"))
class DeliveryReceiptConsumerTest {

    private final TopicRecorder recorder = TopicRecorder.get();

    private static MessageDeliveryUpdated receipt(OutboundMessageRequested command, DeliveryStatus status) {
        return new MessageDeliveryUpdated(UUID.randomUUID(), Instant.now(), command.channel(), command.contactAddress(),
                command.eventId(), command.messageId(), "WAOUT" + command.eventId(), status,
                status == DeliveryStatus.FAILED ? "not on WhatsApp" : null);
    }

    private static String deliveryStatus(UUID ticket, UUID messageId) {
        List<Map<String, Object>> messages = given().auth().oauth2(adminToken()).when().get("/tickets/{id}", ticket)
                .then().statusCode(200).extract().path("messages");
        return messages.stream().filter(m -> messageId.toString().equals(m.get("id"))).findFirst()
                .map(m -> (String) m.get("deliveryStatus")).orElse(null);
    }

    @Test
    void receiptsUpdateTheRepliesDeliveryStatusOnlyForwardAndIdempotently() {
        String contact = newContactAddress();
        kafka().send(Topics.CHANNEL_INBOUND, customerText(CHANNEL, contact, "Oi"));
        UUID ticket = recorder.awaitTicketEvent(TicketOpened.class, about(contact)).ticket().id();
        recorder.awaitTicketEvent(CustomerMessageReceived.class, about(contact));
        UUID geral = recorder.awaitTicketEvent(TicketOpened.class, about(contact)).ticket().departmentId();
        User ana = TestDirectory.agent(geral);
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("text", "Olá"))
                .when().post("/tickets/{id}/replies", ticket).then().statusCode(200);
        OutboundMessageRequested command = recorder.awaitOutbound(out -> ticket.equals(out.ticketId()), 1).get(0);

        kafka().send(Topics.CHANNEL_DELIVERY, receipt(command, DeliveryStatus.SENT));
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(deliveryStatus(ticket, command.messageId())));
        MessageDeliveryUpdated read = receipt(command, DeliveryStatus.READ);
        kafka().send(Topics.CHANNEL_DELIVERY, read);
        kafka().send(Topics.CHANNEL_DELIVERY, receipt(command, DeliveryStatus.DELIVERED)); // late
        kafka().send(Topics.CHANNEL_DELIVERY, read); // redelivered
        kafka().send(Topics.CHANNEL_DELIVERY, receipt(command, DeliveryStatus.SENT)); // late
        // A receipt for a second reply on the same conversation (same key, same partition, consumed in order) marks
        // the moment every earlier receipt has been applied.
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("text", "Mais alguma coisa?"))
                .when().post("/tickets/{id}/replies", ticket).then().statusCode(200);
        OutboundMessageRequested second = recorder.awaitOutbound(out -> ticket.equals(out.ticketId()), 2).get(1);
        kafka().send(Topics.CHANNEL_DELIVERY, receipt(second, DeliveryStatus.DELIVERED));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> "DELIVERED".equals(deliveryStatus(ticket, second.messageId())));
        assertThat(deliveryStatus(ticket, command.messageId())).isEqualTo("READ");
    }

    @Test
    void malformedReceiptGoesToTheDeadLetterTopic() {
        String key = Topics.conversationKey(CHANNEL, newContactAddress());

        kafka().sendRaw(Topics.CHANNEL_DELIVERY, key, "{\"commandId\": 42");

        List<ConsumerRecord<String, String>> dead = kafka().read(Topics.deadLetter(Topics.CHANNEL_DELIVERY),
                record -> key.equals(record.key()), 1, Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        assertThat(KafkaTestClient.header(dead.get(0), "dead-letter-reason")).isNotBlank();
    }
}
