package io.atende.gateway.engine;

import static io.atende.gateway.GatewayTestSupport.awaitState;
import static io.atende.gateway.GatewayTestSupport.channel;
import static io.atende.gateway.GatewayTestSupport.linkedChannel;
import static io.atende.gateway.GatewayTestSupport.newChannelId;
import static io.atende.gateway.GatewayTestSupport.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.atende.contracts.channel.ChannelDisconnected;
import io.atende.localstack.LocalStackTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

@QuarkusTest
@TestProfile(EngineLivenessTest.FastPing.class)
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_gateway"))
class EngineLivenessTest {

    /** Pings every second; 4 s without an answer (from an idle gateway) is a hung engine. */
    public static class FastPing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("atende.engine.ping-every", "1s", "atende.engine.ping-timeout", "4s");
        }
    }

    @Inject
    WhatsAppEngine engine;

    @Inject
    MeterRegistry registry;

    @Test
    void engineThatStopsAnsweringPingsIsKilledAndRestartedAndItsChannelsResume() {
        String channelId = newChannelId();
        linkedChannel(channelId, "+551130007000");
        double killedBefore = registry.counter("atende.gateway.engine.unresponsive").count();

        // The simulator blocks its event loop for a minute: alive, but deaf.
        engine.request("sim.hang", Map.of("ms", 60_000)).subscribe().with(ignored -> {
        }, ignored -> {
        });

        List<ChannelDisconnected> down = status(channelId, ChannelDisconnected.class, 1);
        assertThat(down.get(0).reason()).contains("did not answer a ping");
        await().atMost(Duration.ofSeconds(40)).until(() -> channel(channelId).getLong("connectionEpoch") == 2);
        awaitState(channelId, "CONNECTED");
        assertThat(registry.counter("atende.gateway.engine.unresponsive").count() - killedBefore).isEqualTo(1.0);
    }
}
