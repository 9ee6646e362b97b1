package io.atende.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.atende.contracts.JsonCodec;
import io.atende.contracts.Topics;
import io.atende.contracts.channel.ChannelStatusEvent;
import io.atende.localstack.DevTokens;
import io.atende.localstack.KafkaTestClient;
import io.atende.localstack.LocalStackTestResource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Kafka access, tokens, and the simulator's REST controls for this module's tests. */
public final class GatewayTestSupport {

    public static final Duration WAIT = Duration.ofSeconds(20);
    /** Long enough for a record that should not arrive to have arrived if it were coming. */
    public static final Duration SETTLE = Duration.ofSeconds(3);

    private GatewayTestSupport() {
    }

    /** A counter's count so far (0 before its first increment): {@code name{tag=value}}. */
    public static double counted(MeterRegistry registry, String name, String tag, String value) {
        Counter counter = registry.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    public static KafkaTestClient kafka() {
        return LocalStackTestResource.kafka();
    }

    public static String adminToken() {
        return DevTokens.mint("admin", List.of("admin"));
    }

    public static String agentToken() {
        return DevTokens.mint("ana", List.of("agent"));
    }

    /** A channel id no other test uses, so each test reads only its own records. */
    public static String newChannelId() {
        return "t-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** A customer's phone number, unique per call. */
    public static String newPhoneNumber() {
        return String.format("+55119%08d", Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 100_000_000L));
    }

    public static JsonPath createChannel(String id) {
        return given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("id", id, "name", "Canal " + id))
                .when().post("/channels")
                .then().statusCode(201).extract().jsonPath();
    }

    public static JsonPath channel(String id) {
        return given().auth().oauth2(adminToken()).when().get("/channels/{id}", id)
                .then().statusCode(200).extract().jsonPath();
    }

    public static void awaitState(String id, String state) {
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(adminToken())
                .when().get("/channels/{id}", id).then().statusCode(200).body("state", equalTo(state)));
    }

    /** Creates a channel and links it by scanning its QR with {@code phoneNumber}. */
    public static JsonPath linkedChannel(String id, String phoneNumber) {
        createChannel(id);
        awaitState(id, "WAITING_FOR_QR");
        simulator(id, "scan", Map.of("phoneNumber", phoneNumber));
        awaitState(id, "CONNECTED");
        return channel(id);
    }

    /** Calls a simulator control ({@code scan}, {@code messages}, {@code history}, {@code disconnect}). */
    public static JsonPath simulator(String id, String control, Map<String, ?> body) {
        return given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(body)
                .when().post("/simulator/channels/{id}/{control}", id, control)
                .then().statusCode(200).extract().jsonPath();
    }

    /** Sends a customer's text through the simulator; answers with its WhatsApp message id. */
    public static String customerSays(String channelId, String phoneNumber, String text) {
        return simulator(channelId, "messages", Map.of("from", phoneNumber, "pushName", "Maria Souza", "text", text))
                .getString("messageId");
    }

    public static List<ConsumerRecord<String, String>> inbound(String channelId, int expected) {
        return kafka().read(Topics.CHANNEL_INBOUND, record -> record.key().startsWith(channelId + ":"), expected, WAIT);
    }

    /** Everything the channel published to inbound, read for the whole settle window. */
    public static List<ConsumerRecord<String, String>> inboundSettled(String channelId) {
        return kafka().readFor(Topics.CHANNEL_INBOUND, record -> record.key().startsWith(channelId + ":"), SETTLE);
    }

    /** The channel's status events of one type, waiting until {@code expected} have arrived. */
    public static <T extends ChannelStatusEvent> List<T> status(String channelId, Class<T> type, int expected) {
        return status(channelId, type, expected, WAIT);
    }

    public static <T extends ChannelStatusEvent> List<T> statusSettled(String channelId, Class<T> type) {
        return status(channelId, type, Integer.MAX_VALUE, SETTLE);
    }

    private static <T extends ChannelStatusEvent> List<T> status(String channelId, Class<T> type, int expected,
            Duration timeout) {
        return kafka().read(Topics.CHANNEL_STATUS, record -> channelId.equals(record.key())
                && type.isInstance(JsonCodec.read(record.value(), ChannelStatusEvent.class)), expected, timeout)
                .stream().map(record -> type.cast(JsonCodec.read(record.value(), ChannelStatusEvent.class))).toList();
    }
}
