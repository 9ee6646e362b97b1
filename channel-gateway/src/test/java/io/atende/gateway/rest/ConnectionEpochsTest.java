package io.atende.gateway.rest;

import static io.atende.gateway.GatewayTestSupport.WAIT;
import static io.atende.gateway.GatewayTestSupport.adminToken;
import static io.atende.gateway.GatewayTestSupport.agentToken;
import static io.atende.gateway.GatewayTestSupport.awaitState;
import static io.atende.gateway.GatewayTestSupport.channel;
import static io.atende.gateway.GatewayTestSupport.linkedChannel;
import static io.atende.gateway.GatewayTestSupport.newChannelId;
import static io.atende.gateway.GatewayTestSupport.simulator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.atende.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_gateway"))
class ConnectionEpochsTest {

    private static JsonPath epochs(String channelId) {
        return given().auth().oauth2(adminToken()).when().get("/channels/{id}/epochs", channelId)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void everyConnectedIntervalIsRecordedWithHowItEnded() {
        String channelId = newChannelId();
        linkedChannel(channelId, "+551130010000");
        simulator(channelId, "disconnect", Map.of("code", 428, "reason", "connection lost"));
        await().atMost(WAIT).until(() -> channel(channelId).getLong("connectionEpoch") == 2);
        simulator(channelId, "disconnect", Map.of("code", 503, "reconnect", false));
        awaitState(channelId, "DISCONNECTED");
        given().auth().oauth2(adminToken()).when().post("/channels/{id}/start", channelId).then().statusCode(200);
        await().atMost(WAIT).until(() -> channel(channelId).getLong("connectionEpoch") == 3);

        JsonPath epochs = epochs(channelId);
        assertThat(epochs.getList("epoch", Long.class)).containsExactly(1L, 2L, 3L);
        assertThat(epochs.getList("disconnectCode", Integer.class)).containsExactly(428, 503, null);
        assertThat(epochs.getString("[0].disconnectReason")).isEqualTo("connection lost");
        List<String> connected = epochs.getList("connectedAt");
        List<String> disconnected = epochs.getList("disconnectedAt");
        assertThat(disconnected.get(2)).as("the current epoch is open").isNull();
        for (int i = 0; i < 2; i++) {
            assertThat(Instant.parse(disconnected.get(i))).isAfterOrEqualTo(Instant.parse(connected.get(i)))
                    .isBeforeOrEqualTo(Instant.parse(connected.get(i + 1)));
        }
    }

    @Test
    void logoutEndsTheOpenEpoch() {
        String channelId = newChannelId();
        linkedChannel(channelId, "+551130010100");
        given().auth().oauth2(adminToken()).when().post("/channels/{id}/logout", channelId).then().statusCode(200);
        awaitState(channelId, "LOGGED_OUT");

        JsonPath epochs = epochs(channelId);
        assertThat(epochs.getList("epoch", Long.class)).containsExactly(1L);
        assertThat(epochs.getString("[0].disconnectedAt")).isNotNull();
        assertThat(epochs.getString("[0].disconnectReason")).contains("logged out");
    }

    @Test
    void epochsAreForAdminsOfAKnownChannel() {
        String channelId = newChannelId();
        linkedChannel(channelId, "+551130010200");
        given().auth().oauth2(agentToken()).when().get("/channels/{id}/epochs", channelId).then().statusCode(403);
        given().when().get("/channels/{id}/epochs", channelId).then().statusCode(401);
        given().auth().oauth2(adminToken()).when().get("/channels/{id}/epochs", newChannelId()).then().statusCode(404)
                .contentType("application/problem+json");
    }
}
