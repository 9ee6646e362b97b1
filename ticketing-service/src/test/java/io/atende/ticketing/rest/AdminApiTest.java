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
import io.atende.ticketing.TestDirectory;
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
        UUID id = TestDirectory.department("Vendas", "MANUAL");

        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("assignmentMode", "LEAST_OPEN"))
                .when().put("/departments/{id}", id)
                .then().statusCode(200).body("assignmentMode", equalTo("LEAST_OPEN"));
        given().auth().oauth2(agentToken()).when().get("/departments")
                .then().statusCode(200).body("name", hasItem("Geral"));
    }

    @Test
    void departmentNamesAreUnique() {
        String name = TestDirectory.unique("Financeiro");
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
                .body(Map.of("username", TestDirectory.unique("x"), "role", "AGENT", "departmentIds", List.of(UUID.randomUUID())))
                .when().post("/users").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("username", TestDirectory.unique("x")))
                .when().post("/users").then().statusCode(400).body("detail", containsString("role"));
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body("{\"username\": \"x\", \"role\": \"WIZARD\"}")
                .when().post("/users").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(adminToken()).when().get("/users/{id}", UUID.randomUUID()).then().statusCode(404);
    }

    /** The registry, not the token, has the last word: a demoted supervisor's token no longer opens supervisor views. */
    @Test
    void aDemotedUsersTokenGrantsOnlyWhatItsRegisteredRoleAllows() {
        UUID sales = TestDirectory.department("Vendas", "MANUAL");
        TestDirectory.User bia = TestDirectory.supervisor(sales);
        given().auth().oauth2(bia.token()).when().get("/users").then().statusCode(200);

        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(Map.of("role", "AGENT"))
                .when().put("/users/{id}", bia.id()).then().statusCode(200).body("role", equalTo("AGENT"));

        given().auth().oauth2(bia.token()).when().get("/users").then().statusCode(403);
        given().auth().oauth2(bia.token()).when().get("/users/me").then().statusCode(200).body("role", equalTo("AGENT"));
    }

    @Test
    void aUserIsTheTokenWithTheSameName() {
        UUID sales = TestDirectory.department("Vendas", "MANUAL");
        TestDirectory.User ana = TestDirectory.agent(sales);

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
        UUID sales = TestDirectory.department("Vendas", "MANUAL");
        UUID support = TestDirectory.department("Suporte", "MANUAL");
        String channel = TestDirectory.unique("loja");

        TestDirectory.channel(channel, List.of(sales, support), support);

        given().auth().oauth2(adminToken()).when().get("/channels/{id}/settings", channel)
                .then().statusCode(200)
                .body("departmentIds", equalTo(List.of(sales.toString(), support.toString())))
                .body("defaultDepartmentId", equalTo(support.toString()))
                .body("greeting", containsString("número do setor"))
                .body("maxInvalidAnswers", equalTo(2));
    }

    @Test
    void channelSettingsRejectADefaultTheChannelDoesNotServe() {
        UUID sales = TestDirectory.department("Vendas", "MANUAL");
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("departmentIds", List.of(sales), "defaultDepartmentId", UUID.randomUUID()))
                .when().put("/channels/{id}/settings", TestDirectory.unique("loja"))
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("departmentIds", List.of(UUID.randomUUID())))
                .when().put("/channels/{id}/settings", TestDirectory.unique("loja"))
                .then().statusCode(404);
    }
}
