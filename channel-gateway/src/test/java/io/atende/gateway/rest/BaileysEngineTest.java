package io.atende.gateway.rest;

import static io.atende.gateway.GatewayTestSupport.adminToken;
import static io.atende.gateway.GatewayTestSupport.channel;
import static io.atende.gateway.GatewayTestSupport.newChannelId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.not;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.atende.gateway.rest.BaileysEngineTest.BaileysProfile;
import io.atende.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The production default, {@code atende.engine=baileys}: the real engine process (engine/baileys/engine.mjs) runs. It
 * cannot reach WhatsApp from a machine without internet access, and then says so; it never pretends to be connected.
 */
@QuarkusTest
@TestProfile(BaileysProfile.class)
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_gateway"))
class BaileysEngineTest {

    public static class BaileysProfile implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("atende.engine", "baileys");
        }
    }

    @Test
    void channelOnBaileysShowsARealQrOrSaysWhyWhatsAppCannotBeReached() {
        String id = newChannelId();
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(Map.of("id", id, "name", "Suporte"))
                .when().post("/channels")
                .then().statusCode(201)
                .body("engine", equalTo("baileys"))
                .body("state", not(equalTo("CONNECTED")));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath channel = channel(id);
            String state = channel.getString("state");
            assertThat(state).isIn("WAITING_FOR_QR", "DISCONNECTED");
            if (state.equals("WAITING_FOR_QR")) {
                assertThat(channel.getString("qr")).isNotBlank();
            } else {
                assertThat(channel.getString("lastDisconnectReason")).isNotBlank();
                assertThat(channel.getString("linkedAt")).isNull();
            }
        });
    }

    @Test
    void simulatorApiIsNotFoundWithoutTheSimulator() {
        String id = newChannelId();
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(Map.of("id", id, "name", "Suporte"))
                .when().post("/channels").then().statusCode(201);

        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(Map.of())
                .when().post("/simulator/channels/{id}/scan", id)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("simulator is not enabled"));
    }

    @Test
    void readyWhileTheBaileysEngineProcessRuns() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body(containsString("baileys")));
    }
}
