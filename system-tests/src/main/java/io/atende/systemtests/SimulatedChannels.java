package io.atende.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

/** A channel on the gateway's simulator engine, created and linked as a company would, by scanning its QR. */
final class SimulatedChannels {

    private SimulatedChannels() {
    }

    static void link(Http admin, String gateway, String channelId, String name, String phoneNumber) {
        assertThat(admin.post(gateway + "/channels", Map.of("id", channelId, "name", name)).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> "WAITING_FOR_QR".equals(
                admin.get(gateway + "/channels/" + channelId).json().path("state").asText()));
        assertThat(admin.post(gateway + "/simulator/channels/" + channelId + "/scan",
                Map.of("phoneNumber", phoneNumber)).status()).isLessThan(300);
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONNECTED".equals(
                admin.get(gateway + "/channels/" + channelId).json().path("state").asText()));
    }
}
