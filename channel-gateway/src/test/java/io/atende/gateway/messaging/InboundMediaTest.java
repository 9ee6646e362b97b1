package io.atende.gateway.messaging;

import static io.atende.gateway.GatewayTestSupport.agentToken;
import static io.atende.gateway.GatewayTestSupport.counted;
import static io.atende.gateway.GatewayTestSupport.inbound;
import static io.atende.gateway.GatewayTestSupport.inboundSettled;
import static io.atende.gateway.GatewayTestSupport.linkedChannel;
import static io.atende.gateway.GatewayTestSupport.newChannelId;
import static io.atende.gateway.GatewayTestSupport.newPhoneNumber;
import static io.atende.gateway.GatewayTestSupport.simulator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.atende.contracts.JsonCodec;
import io.atende.contracts.Topics;
import io.atende.contracts.channel.InboundMessageReceived;
import io.atende.contracts.channel.MediaRef;
import io.atende.contracts.channel.MessageKind;
import io.atende.gateway.service.MediaRetention;
import io.atende.localstack.LocalStackTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;

@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_gateway"))
class InboundMediaTest {

    @Inject
    MeterRegistry registry;

    @Inject
    MediaRetention retention;

    private static byte[] bytes(int size) {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        return content;
    }

    @Test
    void imageIsPublishedWithKindCaptionMimeTypeAndAReferenceAnAgentCanFetch() {
        String channelId = newChannelId();
        linkedChannel(channelId, "+551130008000");
        byte[] image = bytes(3_000);
        String base64 = Base64.getEncoder().encodeToString(image);

        simulator(channelId, "messages", Map.of("from", newPhoneNumber(), "pushName", "Maria", "text", "o comprovante",
                "media", Map.of("kind", "image", "base64", base64, "mimeType", "image/jpeg")));

        ConsumerRecord<String, String> record = inbound(channelId, 1).get(0);
        assertThat(record.value()).as("no media bytes in Kafka").doesNotContain(base64.substring(0, 40));
        InboundMessageReceived message = JsonCodec.read(record.value(), InboundMessageReceived.class);
        assertThat(message.kind()).isEqualTo(MessageKind.IMAGE);
        assertThat(message.text()).isEqualTo("o comprovante");
        MediaRef media = message.media();
        assertThat(media.mimeType()).isEqualTo("image/jpeg");
        assertThat(media.sizeBytes()).isEqualTo(3_000L);
        assertThat(media.ref()).startsWith("/channels/" + channelId + "/media/");

        byte[] served = given().auth().oauth2(agentToken()).when().get(media.ref())
                .then().statusCode(200).contentType("image/jpeg").extract().asByteArray();
        assertThat(served).isEqualTo(image);
        given().when().get(media.ref()).then().statusCode(401);
        String otherChannel = media.ref().replace("/channels/" + channelId + "/", "/channels/" + newChannelId() + "/");
        given().auth().oauth2(agentToken()).when().get(otherChannel).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(agentToken()).when().get("/channels/{id}/media/not-a-uuid", channelId)
                .then().statusCode(404);
    }

    @Test
    void mediaOlderThanTheRetentionIsDeletedAndNewerMediaKept() throws Throwable {
        String channelId = newChannelId();
        linkedChannel(channelId, "+551130008001");
        String older = receivedImageRef(channelId);
        Instant cutoff = Instant.now();
        String newer = receivedImageRef(channelId);

        long deleted = VertxContextSupport.subscribeAndAwait(() -> retention.expire(cutoff));

        assertThat(deleted).isGreaterThanOrEqualTo(1);
        given().auth().oauth2(agentToken()).when().get(older).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(agentToken()).when().get(newer).then().statusCode(200).contentType("image/png");
    }

    /** Has a customer send an image and waits until it is published; answers its media reference. */
    private static String receivedImageRef(String channelId) {
        String messageId = simulator(channelId, "messages", Map.of("from", newPhoneNumber(), "media", Map.of("kind",
                "image", "base64", Base64.getEncoder().encodeToString(bytes(500)), "mimeType", "image/png")))
                .getString("messageId");
        return LocalStackTestResource.kafka().read(Topics.CHANNEL_INBOUND,
                record -> record.key().startsWith(channelId + ":") && record.value().contains(messageId), 1,
                Duration.ofSeconds(30)).stream()
                .map(record -> JsonCodec.read(record.value(), InboundMessageReceived.class).media().ref())
                .findFirst().orElseThrow();
    }

    @Test
    void documentIsServedAsAnAttachmentWithItsFileName() {
        String channelId = newChannelId();
        linkedChannel(channelId, "+551130008100");
        byte[] pdf = bytes(2_000);

        simulator(channelId, "messages", Map.of("from", newPhoneNumber(), "media", Map.of("kind", "document",
                "base64", Base64.getEncoder().encodeToString(pdf), "mimeType", "application/pdf",
                "fileName", "nota fiscal.pdf")));

        InboundMessageReceived message = JsonCodec.read(inbound(channelId, 1).get(0).value(),
                InboundMessageReceived.class);
        assertThat(message.kind()).isEqualTo(MessageKind.DOCUMENT);
        assertThat(message.text()).isNull();
        assertThat(message.media().fileName()).isEqualTo("nota fiscal.pdf");
        byte[] served = given().auth().oauth2(agentToken()).when().get(message.media().ref())
                .then().statusCode(200).contentType("application/pdf")
                .header("Content-Disposition", containsString("attachment; filename=\"nota fiscal.pdf\""))
                .extract().asByteArray();
        assertThat(served).isEqualTo(pdf);
    }

    @Test
    void mediaOverTheSizeLimitIsPublishedWithoutContentAndCounted() {
        String channelId = newChannelId();
        linkedChannel(channelId, "+551130008200");
        double before = unavailable("too-large");

        // The test profile keeps media up to 40000 bytes (atende.media.max-bytes).
        simulator(channelId, "messages", Map.of("from", newPhoneNumber(), "text", "o vídeo", "media", Map.of(
                "kind", "video", "base64", Base64.getEncoder().encodeToString(bytes(41_000)), "mimeType", "video/mp4")));

        InboundMessageReceived message = JsonCodec.read(inbound(channelId, 1).get(0).value(),
                InboundMessageReceived.class);
        assertThat(message.kind()).isEqualTo(MessageKind.VIDEO);
        assertThat(message.text()).isEqualTo("o vídeo");
        assertThat(message.media()).isEqualTo(new MediaRef(null, "video/mp4", null, 41_000L));
        assertThat(unavailable("too-large") - before).isEqualTo(1.0);
        assertThat(inboundSettled(channelId)).hasSize(1);
    }

    private double unavailable(String reason) {
        return counted(registry, "atende.gateway.media.unavailable", "reason", reason);
    }
}
