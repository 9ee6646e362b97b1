package io.atende.systemtests;

import java.time.Duration;
import java.util.Map;

/** A channel on the gateway's simulator engine, created and linked as a company would, by scanning its QR. */
public final class SimulatedChannels {

    private SimulatedChannels() {
    }

    public static void link(Http admin, String gateway, String channelId, String name, String phoneNumber) {
        expect(admin.post(gateway + "/channels", Map.of("id", channelId, "name", name)), "create the channel");
        awaitState(admin, gateway, channelId, "WAITING_FOR_QR");
        expect(admin.post(gateway + "/simulator/channels/" + channelId + "/scan", Map.of("phoneNumber", phoneNumber)),
                "scan the QR");
        awaitState(admin, gateway, channelId, "CONNECTED");
    }

    private static void expect(Http.Reply reply, String what) {
        if (reply.status() >= 300) {
            throw new IllegalStateException("could not " + what + ": " + reply.status() + " " + reply.body());
        }
    }

    private static void awaitState(Http admin, String gateway, String channelId, String state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!state.equals(admin.get(gateway + "/channels/" + channelId).json().path("state").asText())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("channel " + channelId + " did not become " + state + " in 30 s");
            }
            ChaosScenario.pause(Duration.ofMillis(200));
        }
    }
}
