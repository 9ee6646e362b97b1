package io.atende.gateway.rest;

import static io.atende.gateway.GatewayTestSupport.adminToken;
import static io.atende.gateway.GatewayTestSupport.agentToken;
import static io.atende.gateway.GatewayTestSupport.awaitState;
import static io.atende.gateway.GatewayTestSupport.createChannel;
import static io.atende.gateway.GatewayTestSupport.newChannelId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.atende.gateway.service.LinkTokens;
import io.atende.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_gateway"))
class LinkTokenTest {

    private static final String HEADER = "X-Atende-Link-Token";

    @Inject
    LinkTokens linkTokens;

    @TestHTTPResource("/")
    URL base;

    private static JsonPath mint(String channelId) {
        return given().auth().oauth2(adminToken()).when().post("/channels/{id}/link-token", channelId)
                .then().statusCode(200).extract().jsonPath();
    }

    private static RequestSpecification with(String token) {
        return given().header(HEADER, token);
    }

    @Test
    void linkTokenOpensItsChannelsLinkPageEndpointsForTenMinutes() {
        String channelId = newChannelId();
        createChannel(channelId);
        awaitState(channelId, "WAITING_FOR_QR");

        JsonPath minted = mint(channelId);
        String token = minted.getString("token");
        assertThat(minted.getString("linkUrl")).isEqualTo("/link.html#channel=" + channelId + "&token=" + token);
        assertThat(Duration.between(Instant.now(), Instant.parse(minted.getString("expiresAt"))))
                .isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10));

        with(token).when().get("/channels/{id}", channelId).then().statusCode(200).body("id", equalTo(channelId));
        with(token).when().get("/channels/{id}/qr.png", channelId).then().statusCode(200).contentType("image/png");
        with(token).when().get("/channels/{id}/qr.txt", channelId).then().statusCode(200);
        with(token).contentType(ContentType.JSON).body(Map.of("phoneNumber", "+551130011000"))
                .when().post("/channels/{id}/pairing-code", channelId).then().statusCode(200);
        with(token).when().post("/channels/{id}/start", channelId).then().statusCode(200);
    }

    @Test
    void theChannelsEventStreamEndsWhenTheLinkTokenThatOpenedItExpires() throws Exception {
        String channelId = newChannelId();
        createChannel(channelId);
        awaitState(channelId, "WAITING_FOR_QR");
        String token = linkTokens.mint(channelId, Duration.ofSeconds(3)).token();
        HttpRequest request = HttpRequest.newBuilder(base.toURI().resolve("channels/" + channelId + "/events"))
                .header(HEADER, token).header("Accept", "text/event-stream").build();

        HttpResponse<String> stream = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .get(20, TimeUnit.SECONDS); // a stream that outlived its token would never complete

        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.body()).contains(channelId); // it served the channel while the token was valid
        with(token).when().get("/channels/{id}", channelId).then().statusCode(401);
    }

    @Test
    void linkTokenIsRefusedForOtherChannelsAndEveryOtherEndpoint() {
        String channelId = newChannelId();
        String other = newChannelId();
        createChannel(channelId);
        createChannel(other);
        awaitState(other, "WAITING_FOR_QR");
        String token = mint(channelId).getString("token");

        with(token).when().get("/channels/{id}", other).then().statusCode(403).contentType("application/problem+json");
        with(token).when().get("/channels/{id}/qr.svg", other).then().statusCode(403);
        with(token).when().get("/channels").then().statusCode(403);
        with(token).when().get("/channels/{id}/epochs", channelId).then().statusCode(403);
        with(token).when().post("/channels/{id}/logout", channelId).then().statusCode(403);
        with(token).when().post("/channels/{id}/link-token", channelId).then().statusCode(403);
        with(token).contentType(ContentType.JSON).body(Map.of("groupsEnabled", true))
                .when().patch("/channels/{id}", channelId).then().statusCode(403);
        with(token).when().get("/channels/{id}/media/{media}", channelId, "00000000-0000-0000-0000-000000000000")
                .then().statusCode(403);
        with(token).contentType(ContentType.JSON).body(Map.of("phoneNumber", "+551130011100"))
                .when().post("/simulator/channels/{id}/scan", channelId).then().statusCode(403);
        // Not a bearer token either.
        given().auth().oauth2(token).when().get("/channels/{id}", channelId).then().statusCode(401);
    }

    @Test
    void forgedExpiredOrMalformedLinkTokensAreRejected() {
        String channelId = newChannelId();
        createChannel(channelId);
        String token = mint(channelId).getString("token");
        String otherChannelSameSignature = token.replace("." + channelId + ".", "." + newChannelId() + ".");
        String laterExpiry = token.replaceFirst("\\.(\\d+)\\.", ".9999999999.");
        String expired = new LinkTokens(java.util.Optional.of("another key"), Duration.ofSeconds(-1))
                .mint(channelId).token();

        for (String refused : new String[] { otherChannelSameSignature, laterExpiry, expired, "lt1.nonsense",
                "not-a-token" }) {
            with(refused).when().get("/channels/{id}", channelId).then().statusCode(401);
        }
        given().auth().oauth2(agentToken()).when().post("/channels/{id}/link-token", channelId).then().statusCode(403);
        given().auth().oauth2(adminToken()).when().post("/channels/{id}/link-token", newChannelId()).then()
                .statusCode(404);
    }
}
