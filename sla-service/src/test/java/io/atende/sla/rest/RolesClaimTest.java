package io.atende.sla.rest;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.atende.localstack.DevTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The roles claim is configuration: here Keycloak's {@code realm_access.roles} instead of {@code groups} (the
 * embedded Kafka and PostgreSQL are the module's shared test resource).
 */
@QuarkusTest
@TestProfile(RolesClaimTest.KeycloakRoles.class)
class RolesClaimTest {

    public static class KeycloakRoles implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("smallrye.jwt.path.groups", "realm_access/roles");
        }
    }

    @Test
    void rolesAreReadWhereTheConfigurationSays() {
        String realmAdmin = DevTokens.mint("kc-admin", List.of(),
                Map.of("realm_access", Map.of("roles", List.of("admin"))), Duration.ofMinutes(5));
        given().auth().oauth2(realmAdmin).when().get("/sla/policies").then().statusCode(200);
        // The roles at that path are the caller's roles: a realm agent is not an administrator.
        String realmAgent = DevTokens.mint("kc-agent", List.of(),
                Map.of("realm_access", Map.of("roles", List.of("agent"))), Duration.ofMinutes(5));
        given().auth().oauth2(realmAgent).when().get("/sla/policies").then().statusCode(403);
    }
}
