package io.atende.gateway.rest;

import static io.atende.gateway.GatewayTestSupport.adminToken;
import static io.atende.gateway.GatewayTestSupport.newChannelId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

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

/** The production default, {@code atende.engine=baileys}, before the Baileys engine exists: no pretending. */
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
    void channelsStayFailedAndSayWhyWithoutAnEngine() {
        String id = newChannelId();

        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(Map.of("id", id, "name", "Suporte"))
                .when().post("/channels")
                .then().statusCode(201)
                .body("state", equalTo("FAILED"))
                .body("engine", equalTo("baileys"))
                .body("qr", nullValue())
                .body("lastError", containsString("not implemented"))
                .body("lastError", containsString("ATENDE_ENGINE=simulator"));
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
    void notReadyWithoutAnEngine() {
        given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body(containsString("not implemented"));
    }
}
