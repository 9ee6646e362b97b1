package io.atende.ticketing.rest;

import static io.atende.ticketing.TicketingTestSupport.adminToken;
import static io.atende.ticketing.TicketingTestSupport.agentToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.atende.localstack.LocalStackTestResource;
import io.atende.localstack.DevTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_ticketing"))
class TicketResourceTest {

    @Test
    void rejectsRequestsWithoutAToken() {
        given().when().get("/tickets/{id}", UUID.randomUUID()).then().statusCode(401);
    }

    @Test
    void refusesAdminTokensOfAnotherAudienceIssuerOrKeyExpiredOrUnsigned() {
        DevTokens.refusedAdminTokens().forEach((what, token) -> assertThat(given().auth().oauth2(token).when().get("/tickets/{id}", UUID.randomUUID()).statusCode())
                .as("admin token with %s", what).isEqualTo(401));
    }

    @Test
    void rejectsATokenFromAnotherIssuerKey() {
        String forged = adminToken();
        String tampered = forged.substring(0, forged.lastIndexOf('.') + 1) + "AAAA";
        given().auth().oauth2(tampered).when().get("/tickets/{id}", UUID.randomUUID()).then().statusCode(401);
    }

    @Test
    void agentsCannotBrowseAllTickets() {
        given().auth().oauth2(agentToken()).when().get("/tickets/{id}", UUID.randomUUID()).then().statusCode(403);
    }

    @Test
    void unknownTicketIsNotFoundWithAProblemBody() {
        given().auth().oauth2(adminToken())
                .when().get("/tickets/{id}", UUID.randomUUID())
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", containsString("no ticket"));
    }

    @Test
    void searchNeedsAValidNumber() {
        given().auth().oauth2(adminToken())
                .when().get("/tickets?number=abc")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("not a ticket number"));
    }

    @Test
    void healthAndMetricsNeedNoToken() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("atende_outbox_relayed_total"));
    }
}
