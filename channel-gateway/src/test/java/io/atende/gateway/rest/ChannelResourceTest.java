package io.atende.gateway.rest;

import static io.atende.gateway.GatewayTestSupport.adminToken;
import static io.atende.gateway.GatewayTestSupport.agentToken;
import static io.atende.gateway.GatewayTestSupport.awaitState;
import static io.atende.gateway.GatewayTestSupport.channel;
import static io.atende.gateway.GatewayTestSupport.createChannel;
import static io.atende.gateway.GatewayTestSupport.linkedChannel;
import static io.atende.gateway.GatewayTestSupport.newChannelId;
import static io.atende.gateway.GatewayTestSupport.simulator;
import static io.atende.gateway.GatewayTestSupport.status;
import static io.atende.gateway.GatewayTestSupport.statusSettled;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.atende.contracts.channel.ChannelConnected;
import io.atende.contracts.channel.ChannelDisconnected;
import io.atende.contracts.channel.ChannelLinked;
import io.atende.contracts.channel.ChannelLoggedOut;
import io.atende.contracts.channel.ChannelQrIssued;
import io.atende.localstack.LocalStackTestResource;
import io.atende.localstack.DevTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_gateway"))
class ChannelResourceTest {

    @Test
    void channelEndpointsNeedAdmin() {
        String id = newChannelId();
        given().when().get("/channels").then().statusCode(401);
        given().when().get("/channels/{id}", id).then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("id", id, "name", "x"))
                .when().post("/channels").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of())
                .when().post("/simulator/channels/{id}/scan", id).then().statusCode(401);

        given().auth().oauth2(agentToken()).when().get("/channels").then().statusCode(403);
        given().auth().oauth2(agentToken()).when().get("/channels/{id}", id).then().statusCode(403);
        given().auth().oauth2(agentToken()).contentType(ContentType.JSON).body(Map.of("id", id, "name", "x"))
                .when().post("/channels").then().statusCode(403);
        given().auth().oauth2(agentToken()).contentType(ContentType.JSON).body(Map.of())
                .when().post("/simulator/channels/{id}/scan", id).then().statusCode(403);
        given().auth().oauth2(adminToken()).when().get("/channels/{id}", id).then().statusCode(404);
    }

    @Test
    void refusesAdminTokensOfAnotherAudienceIssuerOrKeyExpiredOrUnsigned() {
        DevTokens.refusedAdminTokens().forEach((what, token) -> assertThat(given().auth().oauth2(token).when().get("/channels").statusCode())
                .as("admin token with %s", what).isEqualTo(401));
    }

    @Test
    void aBodyOfTheWrongShapeIsAProblemNotAServerError() {
        given().auth().oauth2(adminToken()).contentType("application/json").body("[]")
                .when().post("/channels").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(adminToken()).contentType("application/json").body("\"text\"")
                .when().post("/channels").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void unknownChannelIsNotFound() {
        given().auth().oauth2(adminToken())
                .when().get("/channels/{id}", "no-such-channel")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", containsString("no channel no-such-channel"));
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(Map.of())
                .when().post("/simulator/channels/{id}/scan", "no-such-channel")
                .then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void invalidChannelIsRejected() {
        for (Map<String, String> body : List.of(Map.of("id", "Support SP", "name", "Suporte"),
                Map.of("id", "-support", "name", "Suporte"), Map.of("id", "support:sp", "name", "Suporte"),
                Map.of("name", "Suporte"), Map.of("id", "support-sp"), Map.of("id", "support-sp", "name", " "))) {
            given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(body)
                    .when().post("/channels")
                    .then().statusCode(400)
                    .contentType("application/problem+json");
        }
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body("{\"id\": ")
                .when().post("/channels")
                .then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void channelIdsAreUnique() {
        String id = newChannelId();
        createChannel(id);
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(Map.of("id", id, "name", "again"))
                .when().post("/channels")
                .then().statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void newChannelShowsAQrToScanAndAnnouncesIt() {
        String id = newChannelId();

        JsonPath created = createChannel(id);

        assertThat(created.getString("id")).isEqualTo(id);
        awaitState(id, "WAITING_FOR_QR");
        JsonPath channel = channel(id);
        assertThat(channel.getString("qr")).startsWith("2@");
        assertThat(channel.getString("qrExpiresAt")).isNotNull();
        assertThat(channel.getString("linkedAt")).isNull();
        assertThat(channel.getLong("historyDiscarded")).isZero();
        assertThat(channel.getString("engine")).isEqualTo("simulator");
        List<ChannelQrIssued> qrs = status(id, ChannelQrIssued.class, 1);
        assertThat(qrs).hasSize(1);
        assertThat(qrs.get(0).qr()).isEqualTo(channel.getString("qr"));
        assertThat(qrs.get(0).attempt()).isEqualTo(1);
        given().auth().oauth2(adminToken()).when().get("/channels")
                .then().statusCode(200).body("id", hasItem(id));
    }

    @Test
    void scanLinksTheChannelAndAReconnectIsNotANewLink() {
        String id = newChannelId();

        JsonPath linked = linkedChannel(id, "+55 11 3000-1000");

        Instant linkedAt = Instant.parse(linked.getString("linkedAt"));
        assertThat(linked.getString("phoneNumber")).isEqualTo("+551130001000");
        assertThat(linked.getString("qr")).isNull();
        assertThat(linked.getLong("connectionEpoch")).isEqualTo(1);

        simulator(id, "disconnect", Map.of("code", 428, "reason", "connection lost"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> channel(id).getLong("connectionEpoch") == 2);

        JsonPath reconnected = channel(id);
        assertThat(reconnected.getString("state")).isEqualTo("CONNECTED");
        assertThat(Instant.parse(reconnected.getString("linkedAt"))).isEqualTo(linkedAt);
        assertThat(reconnected.getInt("lastDisconnectCode")).isEqualTo(428);
        List<ChannelConnected> connected = status(id, ChannelConnected.class, 2);
        assertThat(connected).extracting(ChannelConnected::epoch).containsExactly(1L, 2L);
        List<ChannelDisconnected> disconnected = status(id, ChannelDisconnected.class, 1);
        assertThat(disconnected).hasSize(1);
        assertThat(disconnected.get(0).epoch()).isEqualTo(1);
        assertThat(disconnected.get(0).code()).isEqualTo(428);
        assertThat(disconnected.get(0).reconnecting()).isTrue();
        List<ChannelLinked> links = statusSettled(id, ChannelLinked.class);
        assertThat(links).hasSize(1);
        assertThat(links.get(0).linkedAt()).isEqualTo(linkedAt);
        assertThat(links.get(0).phoneNumber()).isEqualTo("+551130001000");
    }

    @Test
    void loggedOutChannelNeedsANewScanAndKeepsItsFirstLinkTime() {
        String id = newChannelId();
        Instant linkedAt = Instant.parse(linkedChannel(id, "+551130002000").getString("linkedAt"));

        given().auth().oauth2(adminToken()).when().post("/channels/{id}/logout", id).then().statusCode(200);

        awaitState(id, "LOGGED_OUT");
        assertThat(status(id, ChannelLoggedOut.class, 1)).hasSize(1);

        given().auth().oauth2(adminToken()).when().post("/channels/{id}/start", id).then().statusCode(200);
        awaitState(id, "WAITING_FOR_QR");
        assertThat(channel(id).getString("qr")).isNotBlank();
        simulator(id, "scan", Map.of("phoneNumber", "+551130002000"));
        awaitState(id, "CONNECTED");

        assertThat(Instant.parse(channel(id).getString("linkedAt"))).isEqualTo(linkedAt);
        assertThat(statusSettled(id, ChannelLinked.class)).hasSize(1);
    }

    @Test
    void simulatorRefusesWhatThePhoneCannotDo() {
        String id = newChannelId();
        createChannel(id);
        awaitState(id, "WAITING_FOR_QR");

        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("from", "+5511987654321", "text", "oi"))
                .when().post("/simulator/channels/{id}/messages", id)
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("not connected"));
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(Map.of("text", "oi"))
                .when().post("/simulator/channels/{id}/messages", id)
                .then().statusCode(400)
                .contentType("application/problem+json");
    }
}
