package io.atende.gateway.messaging;

import static io.atende.gateway.GatewayTestSupport.WAIT;
import static io.atende.gateway.GatewayTestSupport.adminToken;
import static io.atende.gateway.GatewayTestSupport.awaitState;
import static io.atende.gateway.GatewayTestSupport.createChannel;
import static io.atende.gateway.GatewayTestSupport.inbound;
import static io.atende.gateway.GatewayTestSupport.inboundSettled;
import static io.atende.gateway.GatewayTestSupport.kafka;
import static io.atende.gateway.GatewayTestSupport.linkedChannel;
import static io.atende.gateway.GatewayTestSupport.newChannelId;
import static io.atende.gateway.GatewayTestSupport.newPhoneNumber;
import static io.atende.gateway.GatewayTestSupport.simulator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.atende.contracts.ChannelRef;
import io.atende.contracts.JsonCodec;
import io.atende.contracts.Topics;
import io.atende.contracts.channel.DeliveryStatus;
import io.atende.contracts.channel.MessageDeliveryUpdated;
import io.atende.contracts.channel.MessageKind;
import io.atende.contracts.channel.OutboundMessageRequested;
import io.atende.gateway.GatewayTestSupport;
import io.atende.gateway.OutboundMessage;
import io.atende.gateway.OutboundStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.atende.localstack.KafkaTestClient;
import io.atende.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_gateway"))
class OutboundSendTest {

    private static OutboundMessageRequested command(String channelId, String contactAddress, String text) {
        return new OutboundMessageRequested(UUID.randomUUID(), Instant.now(), ChannelRef.whatsapp(channelId),
                contactAddress, UUID.randomUUID(), UUID.randomUUID(), "AGENT", MessageKind.TEXT, text, null, null);
    }

    private static String jid(String phoneNumber) {
        return phoneNumber.substring(1) + "@s.whatsapp.net";
    }

    private static List<MessageDeliveryUpdated> receipts(String channelId, int expected) {
        return kafka().read(Topics.CHANNEL_DELIVERY, record -> record.key().startsWith(channelId + ":"), expected, WAIT)
                .stream().map(record -> JsonCodec.read(record.value(), MessageDeliveryUpdated.class)).toList();
    }

    private static List<MessageDeliveryUpdated> receiptsSettled(String channelId) {
        return kafka().readFor(Topics.CHANNEL_DELIVERY, record -> record.key().startsWith(channelId + ":"),
                GatewayTestSupport.SETTLE).stream()
                .map(record -> JsonCodec.read(record.value(), MessageDeliveryUpdated.class)).toList();
    }

    private static List<Map<String, Object>> sentBySimulator(String channelId) {
        JsonPath sent = given().auth().oauth2(adminToken()).when().get("/simulator/channels/{id}/sent", channelId)
                .then().statusCode(200).extract().jsonPath();
        return sent.getList("sent");
    }

    @Test
    void commandIsSentOnceAndReceiptedSentDeliveredRead() {
        String channelId = newChannelId();
        String customer = newPhoneNumber();
        linkedChannel(channelId, "+551130002000");
        OutboundMessageRequested command = command(channelId, jid(customer), "Olá Maria, seu pedido saiu");

        kafka().send(Topics.CHANNEL_OUTBOUND, command);

        MessageDeliveryUpdated sent = receipts(channelId, 1).get(0);
        assertThat(sent.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(sent.commandId()).isEqualTo(command.eventId());
        assertThat(sent.messageId()).isEqualTo(command.messageId());
        assertThat(sent.contactAddress()).isEqualTo(jid(customer));
        assertThat(sent.externalMessageId()).isNotBlank();
        List<Map<String, Object>> onWhatsApp = sentBySimulator(channelId);
        assertThat(onWhatsApp).hasSize(1);
        assertThat(onWhatsApp.get(0)).containsEntry("to", jid(customer))
                .containsEntry("text", "Olá Maria, seu pedido saiu")
                .containsEntry("messageId", sent.externalMessageId());

        // Kafka delivers at least once: the same command again is not sent again.
        kafka().send(Topics.CHANNEL_OUTBOUND, command);
        kafka().send(Topics.CHANNEL_OUTBOUND, command);

        simulator(channelId, "receipts", Map.of("messageId", sent.externalMessageId(), "status", "delivered"));
        simulator(channelId, "receipts", Map.of("messageId", sent.externalMessageId(), "status", "read"));
        // A late or repeated receipt never moves it back.
        simulator(channelId, "receipts", Map.of("messageId", sent.externalMessageId(), "status", "delivered"));

        List<MessageDeliveryUpdated> all = receiptsSettled(channelId);
        assertThat(all).extracting(MessageDeliveryUpdated::status)
                .containsExactly(DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.READ);
        assertThat(all).allSatisfy(receipt -> {
            assertThat(receipt.commandId()).isEqualTo(command.eventId());
            assertThat(receipt.externalMessageId()).isEqualTo(sent.externalMessageId());
        });
        assertThat(sentBySimulator(channelId)).hasSize(1);
    }

    /** A channel's rate limit (5 at once, then one every 2 s) holds back its own replies only. */
    @Test
    void aBusyChannelsBacklogDoesNotHoldBackAnotherChannelsReply() {
        String busy = newChannelId();
        String quiet = newChannelId();
        linkedChannel(busy, "+551130002300");
        linkedChannel(quiet, "+551130002400");
        String customer = jid(newPhoneNumber());
        List<OutboundMessageRequested> backlog = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            backlog.add(command(busy, customer, "resposta " + i));
        }
        kafka().sendAll(Topics.CHANNEL_OUTBOUND, backlog);
        receipts(busy, 1); // the busy channel is sending, its backlog waiting for tokens

        kafka().send(Topics.CHANNEL_OUTBOUND, command(quiet, jid(newPhoneNumber()), "Olá!"));

        Instant quietSent = receipts(quiet, 1).get(0).occurredAt();
        List<MessageDeliveryUpdated> busySent = receipts(busy, 8);
        assertThat(busySent).hasSize(8);
        // The busy channel's last reply waits ~6 s for its tokens; the other channel's is not behind it.
        assertThat(quietSent).isBefore(busySent.get(7).occurredAt().minusSeconds(2));
    }

    @Test
    void whatsAppsEchoOfOurOwnSendIsNotATypedOnThePhoneMessage() {
        String channelId = newChannelId();
        String customer = newPhoneNumber();
        linkedChannel(channelId, "+551130002001");
        kafka().send(Topics.CHANNEL_OUTBOUND, command(channelId, jid(customer), "Seu pedido saiu"));
        MessageDeliveryUpdated sent = receipts(channelId, 1).get(0);

        // The phone reports our own message back (fromMe, same id), and then someone really types on the phone.
        simulator(channelId, "messages", Map.of("from", customer, "text", "Seu pedido saiu", "fromMe", true,
                "messageId", sent.externalMessageId()));
        simulator(channelId, "messages", Map.of("from", customer, "text", "Qualquer coisa me chame", "fromMe", true));

        List<ConsumerRecord<String, String>> published = inbound(channelId, 1);
        assertThat(published).hasSize(1);
        assertThat(inboundSettled(channelId)).hasSize(1)
                .allSatisfy(record -> assertThat(record.value()).contains("Qualquer coisa me chame"));
    }

    @Test
    void refusedSendYieldsFailedReceiptWithTheEnginesReason() {
        String channelId = newChannelId();
        linkedChannel(channelId, "+551130002001");
        simulator(channelId, "fail-next-send", Map.of("code", "rate-overlimit", "message", "too many messages"));

        OutboundMessageRequested command = command(channelId, jid(newPhoneNumber()), "Oi");
        kafka().send(Topics.CHANNEL_OUTBOUND, command);

        MessageDeliveryUpdated failed = receipts(channelId, 1).get(0);
        assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.commandId()).isEqualTo(command.eventId());
        assertThat(failed.reason()).contains("rate-overlimit").contains("too many messages");
        assertThat(sentBySimulator(channelId)).isEmpty();
    }

    @Test
    void sendToANumberNotOnWhatsAppFailsWithInvalidNumber() {
        String channelId = newChannelId();
        linkedChannel(channelId, "+551130002002");
        String notOnWhatsApp = newPhoneNumber();
        simulator(channelId, "invalid-number", Map.of("phoneNumber", notOnWhatsApp));

        kafka().send(Topics.CHANNEL_OUTBOUND, command(channelId, notOnWhatsApp, "Oi"));
        kafka().send(Topics.CHANNEL_OUTBOUND, command(channelId, "not-a-number", "Oi"));

        List<MessageDeliveryUpdated> failed = receipts(channelId, 2);
        assertThat(failed).extracting(MessageDeliveryUpdated::status).containsOnly(DeliveryStatus.FAILED);
        assertThat(failed).extracting(MessageDeliveryUpdated::reason)
                .allSatisfy(reason -> assertThat(reason).startsWith("invalid-number"));
    }

    @Test
    void commandForADroppedConnectionWaitsAndIsSentOnceTheChannelIsBack() {
        String channelId = newChannelId();
        linkedChannel(channelId, "+551130002005");
        simulator(channelId, "disconnect", Map.of("code", 428, "reconnect", false));
        awaitState(channelId, "DISCONNECTED");
        OutboundMessageRequested command = command(channelId, jid(newPhoneNumber()), "Oi, ainda aí?");

        kafka().send(Topics.CHANNEL_OUTBOUND, command);

        assertThat(receiptsSettled(channelId)).as("nothing is sent, nor failed, while the connection is down").isEmpty();
        given().auth().oauth2(adminToken()).when().post("/channels/{id}/start", channelId).then().statusCode(200);
        awaitState(channelId, "CONNECTED");

        MessageDeliveryUpdated sent = receipts(channelId, 1).get(0);
        assertThat(sent.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(sent.commandId()).isEqualTo(command.eventId());
        assertThat(sentBySimulator(channelId)).hasSize(1);
    }

    @Test
    void sendOnALoggedOutOrUnknownChannelFailsAndSaysWhy() {
        String channelId = newChannelId();
        linkedChannel(channelId, "+551130002003");
        given().auth().oauth2(adminToken()).when().post("/channels/{id}/logout", channelId).then().statusCode(200);
        awaitState(channelId, "LOGGED_OUT");
        String waiting = newChannelId();
        createChannel(waiting);
        awaitState(waiting, "WAITING_FOR_QR");
        String unknown = newChannelId();

        kafka().send(Topics.CHANNEL_OUTBOUND, command(channelId, jid(newPhoneNumber()), "Oi"));
        kafka().send(Topics.CHANNEL_OUTBOUND, command(waiting, jid(newPhoneNumber()), "Oi"));
        kafka().send(Topics.CHANNEL_OUTBOUND, command(unknown, jid(newPhoneNumber()), "Oi"));

        assertThat(receipts(channelId, 1).get(0)).satisfies(receipt -> {
            assertThat(receipt.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(receipt.reason()).contains("LOGGED_OUT");
        });
        assertThat(receipts(waiting, 1).get(0).reason()).contains("WAITING_FOR_QR");
        assertThat(receipts(unknown, 1).get(0).reason()).startsWith("unknown-channel");
    }

    @Test
    void commandClaimedBeforeACrashIsNotSentAgainButFailedAsOutcomeUnknown() throws Throwable {
        String channelId = newChannelId();
        linkedChannel(channelId, "+551130002004");
        OutboundMessageRequested command = command(channelId, jid(newPhoneNumber()), "Oi");
        // What a gateway that died between claiming the command and recording the engine's answer leaves behind.
        OutboundMessage claimed = new OutboundMessage();
        claimed.commandId = command.eventId();
        claimed.channelId = channelId;
        claimed.contactAddress = command.contactAddress();
        claimed.externalMessageId = "3EB0CRASHED" + channelId;
        claimed.status = OutboundStatus.SENDING;
        claimed.claimedAt = Instant.now();
        claimed.updatedAt = claimed.claimedAt;
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(claimed::persist));

        kafka().send(Topics.CHANNEL_OUTBOUND, command);

        MessageDeliveryUpdated failed = receipts(channelId, 1).get(0);
        assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.reason()).startsWith("outcome unknown");
        assertThat(sentBySimulator(channelId)).isEmpty();

        // If it did reach WhatsApp after all, its receipt corrects the record.
        simulator(channelId, "receipts", Map.of("messageId", claimed.externalMessageId, "status", "read"));
        assertThat(receipts(channelId, 2).get(1).status()).isEqualTo(DeliveryStatus.READ);
    }

    @Test
    void malformedCommandGoesToTheDeadLetterTopicWithTheReason() {
        String channelId = newChannelId();
        String key = channelId + ":5511900000000@s.whatsapp.net";
        kafka().sendRaw(Topics.CHANNEL_OUTBOUND, key, "{\"eventId\": \"not json");
        kafka().sendRaw(Topics.CHANNEL_OUTBOUND, key + "x", JsonCodec.write(command(channelId, "5511900000000@s.whatsapp.net", "x"))
                .replace("\"text\":\"x\"", "\"text\":null"));

        List<ConsumerRecord<String, String>> dead = kafka().read(Topics.deadLetter(Topics.CHANNEL_OUTBOUND),
                record -> record.key() != null && record.key().startsWith(key), 2, WAIT);
        assertThat(dead).hasSize(2);
        assertThat(dead).allSatisfy(record -> assertThat(KafkaTestClient.header(record, "dead-letter-reason"))
                .contains("OutboundMessageRequested"));
        assertThat(receiptsSettled(channelId)).isEmpty();
    }
}
