package io.atende.gateway.engine;

import static io.atende.gateway.GatewayTestSupport.awaitState;
import static io.atende.gateway.GatewayTestSupport.channel;
import static io.atende.gateway.GatewayTestSupport.counted;
import static io.atende.gateway.GatewayTestSupport.customerSays;
import static io.atende.gateway.GatewayTestSupport.inbound;
import static io.atende.gateway.GatewayTestSupport.linkedChannel;
import static io.atende.gateway.GatewayTestSupport.newChannelId;
import static io.atende.gateway.GatewayTestSupport.newPhoneNumber;
import static io.atende.gateway.GatewayTestSupport.status;
import static io.atende.gateway.GatewayTestSupport.statusSettled;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.atende.contracts.JsonCodec;
import io.atende.contracts.channel.ChannelConnected;
import io.atende.contracts.channel.ChannelDisconnected;
import io.atende.contracts.channel.ChannelLinked;
import io.atende.contracts.channel.InboundMessageReceived;
import io.atende.localstack.LocalStackTestResource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_gateway"))
class EngineSupervisionTest {

    @Inject
    WhatsAppEngine engine;

    @Inject
    MeterRegistry registry;

    @Test
    void engineThatDiesIsRestartedAndItsChannelsResumeWithoutANewScan() {
        String channelId = newChannelId();
        Instant linkedAt = Instant.parse(linkedChannel(channelId, "+551130003000").getString("linkedAt"));

        assertThatThrownBy(() -> engine.request("sim.crash", Map.of("exitCode", 3)).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(EngineUnavailableException.class)
                .hasMessageContaining("exited with code 3");

        List<ChannelDisconnected> down = status(channelId, ChannelDisconnected.class, 1);
        assertThat(down).hasSize(1);
        assertThat(down.get(0).reason()).contains("engine process exited");
        assertThat(down.get(0).reconnecting()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> channel(channelId).getLong("connectionEpoch") == 2);
        awaitState(channelId, "CONNECTED");
        assertThat(Instant.parse(channel(channelId).getString("linkedAt"))).isEqualTo(linkedAt);
        assertThat(status(channelId, ChannelConnected.class, 2)).extracting(ChannelConnected::epoch)
                .containsExactly(1L, 2L);
        assertThat(statusSettled(channelId, ChannelLinked.class)).hasSize(1);

        String customer = newPhoneNumber();
        customerSays(channelId, customer, "ainda funciona?");
        assertThat(inbound(channelId, 1)).extracting(r -> JsonCodec.read(r.value(), InboundMessageReceived.class).text())
                .containsExactly("ainda funciona?");
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void malformedEngineLinesAreCountedAndSkipped() {
        String channelId = newChannelId();
        linkedChannel(channelId, "+551130004000");
        double before = malformed();

        for (String line : List.of("this is not json", "[1, 2, 3]", "{\"no\": \"event\"}",
                "{\"event\": \"teleport\", \"channelId\": \"" + channelId + "\"}",
                "{\"event\": \"message\", \"channelId\": \"" + channelId + "\", \"key\": {\"id\": \"x\"}}",
                "{\"event\": \"qr\", \"channelId\": \"" + channelId + "\", \"attempt\": \"soon\"}")) {
            engine.request("sim.raw", Map.of("line", line)).await().atMost(Duration.ofSeconds(10));
        }

        assertThat(malformed() - before).isEqualTo(6.0);
        assertThat(channel(channelId).getString("state")).isEqualTo("CONNECTED");
        customerSays(channelId, newPhoneNumber(), "depois das linhas ruins");
        assertThat(inbound(channelId, 1)).hasSize(1);
    }

    @Test
    void engineLineLongerThanTheLimitIsCountedAndSkipped() {
        String channelId = newChannelId();
        linkedChannel(channelId, "+551130004100");
        double before = tooLong();

        // Twice the limit of the test profile (atende.engine.max-line-length=65536).
        engine.request("sim.long-line", Map.of("length", 131_072)).await().atMost(Duration.ofSeconds(10));

        assertThat(tooLong() - before).isEqualTo(1.0);
        assertThat(channel(channelId).getString("state")).isEqualTo("CONNECTED");
        customerSays(channelId, newPhoneNumber(), "depois da linha enorme");
        assertThat(inbound(channelId, 1)).hasSize(1);
    }

    @Test
    void commandLongerThanTheLimitIsRefusedWithoutBeingSent() {
        assertThatThrownBy(() -> engine.request("sim.raw", Map.of("line", "x".repeat(70_000)))
                .await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(EngineCommandException.class)
                .satisfies(failure -> assertThat(((EngineCommandException) failure).code()).isEqualTo("line-too-long"));
        assertThat(engine.request("ping", Map.of()).await().atMost(Duration.ofSeconds(10)).has("pong")).isTrue();
    }

    @Test
    void sendAnswersWithTheGatewaysWhatsAppIdAndRefusesAChannelTheEngineDoesNotRun() {
        String channelId = newChannelId();
        linkedChannel(channelId, "+551130005000");

        String id = engine.send(channelId, "5511987654321@s.whatsapp.net", "Olá", "3EB0ABCDEF0123456789AB")
                .await().atMost(Duration.ofSeconds(10));
        assertThat(id).isEqualTo("3EB0ABCDEF0123456789AB");

        assertThatThrownBy(() -> engine.send(newChannelId(), "5511987654321@s.whatsapp.net", "Olá", "3EB0X")
                .await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(EngineCommandException.class)
                .satisfies(failure -> assertThat(((EngineCommandException) failure).code()).isEqualTo("unknown-channel"));
    }

    @Test
    void theEngineProcessInheritsNothingButWhatNodeNeeds() {
        List<String> given = new ArrayList<>();
        engine.request("sim.environment", Map.of()).await().atMost(Duration.ofSeconds(10)).path("names")
                .forEach(name -> given.add(name.asText()));
        Set<String> setByTheGateway = Set.of("ATENDE_ENGINE_MAX_LINE_BYTES", "ATENDE_ENGINE_MEDIA_DIR",
                "ATENDE_MEDIA_MAX_BYTES");
        Set<String> withheld = new HashSet<>(System.getenv().keySet());
        withheld.removeIf(ProcessEngine::passedToEngine);

        assertThat(given).containsAll(setByTheGateway).contains("PATH")
                .allMatch(name -> setByTheGateway.contains(name) || ProcessEngine.passedToEngine(name));
        // The gateway's own environment (here the test JVM's: JAVA_HOME, MAVEN_OPTS, ...) stays with the gateway.
        assertThat(withheld).isNotEmpty().doesNotContainAnyElementsOf(given);
    }

    @Test
    void unknownCommandsAreAnsweredWithAnError() {
        assertThatThrownBy(() -> engine.request("teleport", Map.of()).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(EngineCommandException.class)
                .satisfies(failure -> assertThat(((EngineCommandException) failure).code()).isEqualTo("unknown-command"));
    }

    @Test
    void healthAndMetricsNeedNoToken() {
        given().when().get("/q/health/ready").then().statusCode(200).body(containsString("whatsapp-engine"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("atende_outbox_relayed_total"));
    }

    private double tooLong() {
        return counted(registry, "atende.gateway.engine.malformed", "reason", "too-long");
    }

    private double malformed() {
        return registry.find("atende.gateway.engine.malformed").counters().stream().mapToDouble(Counter::count).sum();
    }
}
