package io.atende.ticketing.rest;

import static io.atende.ticketing.TicketingTestSupport.adminToken;
import static io.atende.ticketing.TicketingTestSupport.agentToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.atende.localstack.LocalStackTestResource;
import io.atende.ticketing.Directory;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_ticketing"))
class AdminApiTest {

    @Test
    void adminCreatesADepartmentAndChangesItsAssignmentMode() {
        UUID id = Directory.department("Vendas", "MANUAL");

        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("assignmentMode", "LEAST_OPEN"))
                .when().put("/departments/{id}", id)
                .then().statusCode(200).body("assignmentMode", equalTo("LEAST_OPEN"));
        given().auth().oauth2(agentToken()).when().get("/departments")
                .then().statusCode(200).body("name", hasItem("Geral"));
    }

    @Test
    void departmentNamesAreUnique() {
        String name = Directory.unique("Financeiro");
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(Map.of("name", name))
                .when().post("/departments").then().statusCode(200).body("assignmentMode", equalTo("MANUAL"));
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(Map.of("name", name))
                .when().post("/departments")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void onlyAdminsMaintainDepartmentsAndUsers() {
        given().auth().oauth2(agentToken()).contentType(ContentType.JSON).body(Map.of("name", "X"))
                .when().post("/departments").then().statusCode(403);
        given().auth().oauth2(agentToken()).contentType(ContentType.JSON).body(Map.of("username", "x", "role", "AGENT"))
                .when().post("/users").then().statusCode(403);
    }

    @Test
    void unknownDepartmentIsNotFound() {
        given().auth().oauth2(adminToken()).when().get("/departments/{id}", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json").body("detail", startsWith("no department"));
    }

    @Test
    void userWithAnUnknownDepartmentIsNotFoundAndInvalidUserIsBadRequest() {
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("username", Directory.unique("x"), "role", "AGENT", "departmentIds", List.of(UUID.randomUUID())))
                .when().post("/users").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("username", Directory.unique("x")))
                .when().post("/users").then().statusCode(400).body("detail", containsString("role"));
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body("{\"username\": \"x\", \"role\": \"WIZARD\"}")
                .when().post("/users").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(adminToken()).when().get("/users/{id}", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void aUserIsTheTokenWithTheSameName() {
        UUID sales = Directory.department("Vendas", "MANUAL");
        Directory.User ana = Directory.agent(sales);

        given().auth().oauth2(ana.token()).when().get("/users/me")
                .then().statusCode(200)
                .body("id", equalTo(ana.id().toString()))
                .body("role", equalTo("AGENT"))
                .body("departmentIds", hasItem(sales.toString()))
                .body("availability", equalTo("OFFLINE"));
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("availability", "ONLINE"))
                .when().put("/users/me/availability")
                .then().statusCode(200).body("availability", equalTo("ONLINE"));
    }

    @Test
    void channelSettingsUsePortugueseMenuTextsByDefault() {
        UUID sales = Directory.department("Vendas", "MANUAL");
        UUID support = Directory.department("Suporte", "MANUAL");
        String channel = Directory.unique("loja");

        Directory.channel(channel, List.of(sales, support), support);

        given().auth().oauth2(adminToken()).when().get("/channels/{id}/settings", channel)
                .then().statusCode(200)
                .body("departmentIds", equalTo(List.of(sales.toString(), support.toString())))
                .body("defaultDepartmentId", equalTo(support.toString()))
                .body("greeting", containsString("número do setor"))
                .body("maxInvalidAnswers", equalTo(2));
    }

    @Test
    void channelSettingsRejectADefaultTheChannelDoesNotServe() {
        UUID sales = Directory.department("Vendas", "MANUAL");
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("departmentIds", List.of(sales), "defaultDepartmentId", UUID.randomUUID()))
                .when().put("/channels/{id}/settings", Directory.unique("loja"))
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("departmentIds", List.of(UUID.randomUUID())))
                .when().put("/channels/{id}/settings", Directory.unique("loja"))
                .then().statusCode(404);
    }
}
