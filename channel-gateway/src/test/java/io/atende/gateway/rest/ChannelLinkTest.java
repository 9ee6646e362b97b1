package io.atende.gateway.rest;

import static io.atende.gateway.GatewayTestSupport.WAIT;
import static io.atende.gateway.GatewayTestSupport.adminToken;
import static io.atende.gateway.GatewayTestSupport.agentToken;
import static io.atende.gateway.GatewayTestSupport.awaitState;
import static io.atende.gateway.GatewayTestSupport.channel;
import static io.atende.gateway.GatewayTestSupport.createChannel;
import static io.atende.gateway.GatewayTestSupport.linkedChannel;
import static io.atende.gateway.GatewayTestSupport.newChannelId;
import static io.atende.gateway.GatewayTestSupport.simulator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import io.atende.contracts.JsonCodec;
import io.atende.gateway.Channel;
import io.atende.gateway.mapping.QrImages;
import io.atende.localstack.LocalStackTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_gateway"))
class ChannelLinkTest {

    @TestHTTPResource("/")
    URL base;

    private static String storedAuth(String id) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Channel.<Channel>findById(id)))
                .authState;
    }

    @Test
    void qrIsServedAsPngSvgAndTerminalTextOfTheCurrentCode() throws Exception {
        String id = newChannelId();
        createChannel(id);
        awaitState(id, "WAITING_FOR_QR");
        String qr = channel(id).getString("qr");

        String svg = given().auth().oauth2(adminToken()).when().get("/channels/{id}/qr.svg", id)
                .then().statusCode(200).contentType("image/svg+xml").extract().asString();
        // The refresh timer may have moved on: the image is of the QR the channel shows at that moment.
        String shown = channel(id).getString("qr");
        assertThat(List.of(new QrImages().svg(qr), new QrImages().svg(shown))).contains(svg);

        byte[] png = given().auth().oauth2(adminToken()).when().get("/channels/{id}/qr.png?scale=4", id)
                .then().statusCode(200).contentType("image/png").extract().asByteArray();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(image.getHeight()).isGreaterThanOrEqualTo((21 + 8) * 4);

        String text = given().auth().oauth2(adminToken()).when().get("/channels/{id}/qr.txt", id)
                .then().statusCode(200).contentType(containsString("text/plain")).extract().asString();
        assertThat(text.lines().toList()).hasSizeGreaterThan(10).allSatisfy(line -> assertThat(line).matches("[ █▀▄]+"));
    }

    @Test
    void qrIsAConflictOnceLinkedAndNeedsAdmin() {
        String id = newChannelId();
        linkedChannel(id, "+551130007000");

        given().auth().oauth2(adminToken()).when().get("/channels/{id}/qr.png", id)
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("CONNECTED"));
        given().auth().oauth2(adminToken()).when().get("/channels/{id}/qr.svg", newChannelId()).then().statusCode(404);
        given().auth().oauth2(adminToken()).when().get("/channels/{id}/events", newChannelId()).then().statusCode(404);
        given().when().get("/channels/{id}/qr.png", id).then().statusCode(401);
        given().auth().oauth2(agentToken()).when().get("/channels/{id}/events", id).then().statusCode(403);
    }

    @Test
    void eventStreamShowsTheStateAsItChanges() throws Exception {
        String id = newChannelId();
        createChannel(id);
        awaitState(id, "WAITING_FOR_QR");
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "channels/" + id + "/events"))
                .header("Authorization", "Bearer " + adminToken()).header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));

        List<String> states = new ArrayList<>();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        String state = JsonCodec.mapper().readTree(line.substring(5)).path("state").asText();
                        synchronized (states) {
                            states.add(state);
                        }
                        if (state.equals("CONNECTED")) {
                            return;
                        }
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> {
            synchronized (states) {
                return !states.isEmpty();
            }
        });
        simulator(id, "scan", Map.of("phoneNumber", "+551130007001"));

        reading.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        synchronized (states) {
            assertThat(states.get(0)).isEqualTo("WAITING_FOR_QR");
            assertThat(states.get(states.size() - 1)).isEqualTo("CONNECTED");
        }
    }

    @Test
    void phoneNumberPairingCodeLinksWithoutAQrAndRejectsAnInvalidNumber() {
        String id = newChannelId();
        createChannel(id);
        awaitState(id, "WAITING_FOR_QR");

        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(Map.of("phoneNumber", "12ab"))
                .when().post("/channels/{id}/pairing-code", id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("E.164"));
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(Map.of())
                .when().post("/channels/{id}/pairing-code", id).then().statusCode(400);
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(Map.of("phoneNumber", "+551130007002"))
                .when().post("/channels/{id}/pairing-code", newChannelId()).then().statusCode(404);

        String code = given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("phoneNumber", "+55 11 3000-7002"))
                .when().post("/channels/{id}/pairing-code", id)
                .then().statusCode(200).body("phoneNumber", equalTo("+551130007002"))
                .extract().jsonPath().getString("code");
        assertThat(code).matches("[0-9A-Z]{8}");

        simulator(id, "pairing-code", Map.of("code", code));
        awaitState(id, "CONNECTED");
        assertThat(channel(id).getString("phoneNumber")).isEqualTo("+551130007002");
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(Map.of("phoneNumber", "+551130007002"))
                .when().post("/channels/{id}/pairing-code", id)
                .then().statusCode(409).body("detail", containsString("CONNECTED"));
    }

    @Test
    void logoutFromTheApiAndFromThePhoneBothEndLoggedOutWithCredentialsWiped() throws Throwable {
        String byApi = newChannelId();
        String byPhone = newChannelId();
        linkedChannel(byApi, "+551130007003");
        linkedChannel(byPhone, "+551130007004");
        assertThat(storedAuth(byApi)).isNotNull();
        assertThat(storedAuth(byPhone)).isNotNull();

        given().auth().oauth2(adminToken()).when().post("/channels/{id}/logout", byApi).then().statusCode(200);
        simulator(byPhone, "disconnect", Map.of("code", 401, "reason", "removed on the phone"));

        for (String id : List.of(byApi, byPhone)) {
            awaitState(id, "LOGGED_OUT");
            assertThat(storedAuth(id)).as(id).isNull();
            given().auth().oauth2(adminToken()).when().post("/channels/{id}/start", id).then().statusCode(200);
            awaitState(id, "WAITING_FOR_QR");
        }
    }

    @Test
    void linkPageIsServedWithoutSecretsAndUsesTheAdminApi() {
        String page = given().when().get("/link.html").then().statusCode(200).contentType(containsString("text/html"))
                .extract().asString();
        assertThat(page).contains("/events").contains("/qr.svg").contains("Bearer ").contains("pairing-code");
    }
}
