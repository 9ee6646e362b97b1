package io.atende.ticketing;

import static io.atende.ticketing.TicketingTestSupport.adminToken;
import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.atende.localstack.DevTokens;
import io.restassured.http.ContentType;

/** Object mother for departments, users and channel settings, created through the admin API. */
public final class TestDirectory {

    private TestDirectory() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static UUID department(String name, String assignmentMode) {
        return UUID.fromString(given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("name", unique(name), "assignmentMode", assignmentMode))
                .when().post("/departments")
                .then().statusCode(200).extract().path("id"));
    }

    /** Registers a user under a fresh username; returns it with a token minted for that name. */
    public static User user(String role, List<UUID> departments, String availability, int capacity) {
        String username = unique(role.toLowerCase());
        Map<String, Object> body = new HashMap<>();
        body.put("username", username);
        body.put("displayName", "Pessoa " + username);
        body.put("role", role);
        body.put("departmentIds", departments);
        body.put("availability", availability);
        body.put("capacity", capacity);
        UUID id = UUID.fromString(given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(body)
                .when().post("/users")
                .then().statusCode(200).extract().path("id"));
        return new User(id, username, DevTokens.mint(username, List.of(role.toLowerCase())));
    }

    public static User agent(UUID... departments) {
        return user("AGENT", List.of(departments), "OFFLINE", 5);
    }

    public static User onlineAgent(int capacity, UUID... departments) {
        return user("AGENT", List.of(departments), "ONLINE", capacity);
    }

    public static User supervisor(UUID... departments) {
        return user("SUPERVISOR", List.of(departments), "OFFLINE", 5);
    }

    public static void channel(String channelId, List<UUID> departments, UUID defaultDepartment) {
        Map<String, Object> body = new HashMap<>();
        body.put("departmentIds", departments);
        body.put("defaultDepartmentId", defaultDepartment);
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(body)
                .when().put("/channels/{id}/settings", channelId)
                .then().statusCode(200);
    }

    public record User(UUID id, String username, String token) {
    }
}
