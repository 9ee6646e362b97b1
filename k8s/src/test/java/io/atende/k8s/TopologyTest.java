package io.atende.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What each overlay promises about Kafka, PostgreSQL and the services' size. */
class TopologyTest {

    @Test
    void devIsOneDualRoleKafkaNodeOnePostgresInstanceAndOneReplicaOfEachService() {
        Manifest dev = Manifest.overlay("dev");

        List<ObjectNode> pools = dev.all("KafkaNodePool");
        assertThat(pools).hasSize(1);
        assertThat(roles(pools.get(0))).containsExactly("broker", "controller");
        assertThat(pools.get(0).path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(dev.all("KafkaTopic")).allSatisfy(t -> {
            assertThat(t.path("spec").path("replicas").asInt()).isEqualTo(1);
            assertThat(t.path("spec").path("config").path("min.insync.replicas").asInt()).isEqualTo(1);
        });
        assertThat(dev.get("Cluster", "atende-pg").path("spec").path("instances").asInt()).isEqualTo(1);
        assertThat(dev.all("Deployment")).allSatisfy(d -> assertThat(d.path("spec").path("replicas").asInt(1)).isEqualTo(1));
        assertThat(dev.all("HorizontalPodAutoscaler")).allSatisfy(h -> assertThat(h.path("spec").path("minReplicas").asInt()).isEqualTo(1));
        assertThat(dev.all("Deployment")).allSatisfy(d -> assertThat(
                d.at("/spec/template/spec/containers/0/resources/requests/cpu").asText()).isEqualTo("50m"));
        assertThat(envOf(dev, "channel-gateway-config", "ATENDE_ENGINE")).isEqualTo("simulator");
    }

    @Test
    void prodHasSeparateControllersAndBrokersReplicationFactorThreeAndThreePostgresInstances() {
        Manifest prod = Manifest.overlay("prod");

        List<ObjectNode> pools = prod.all("KafkaNodePool");
        assertThat(pools).extracting(TopologyTest::roles)
                .containsExactlyInAnyOrder(Set.of("controller"), Set.of("broker"));
        assertThat(pools).allSatisfy(p -> assertThat(p.path("spec").path("replicas").asInt()).isGreaterThanOrEqualTo(3));
        JsonNode config = prod.get("Kafka", "atende").path("spec").path("kafka").path("config");
        assertThat(config.path("default.replication.factor").asInt()).isEqualTo(3);
        assertThat(config.path("min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(config.path("offsets.topic.replication.factor").asInt()).isEqualTo(3);
        assertThat(prod.all("KafkaTopic")).hasSize(12).allSatisfy(t -> {
            assertThat(t.path("spec").path("replicas").asInt()).isEqualTo(3);
            assertThat(t.path("spec").path("config").path("min.insync.replicas").asInt()).isEqualTo(2);
        });
        assertThat(prod.get("Cluster", "atende-pg").path("spec").path("instances").asInt()).isEqualTo(3);
        assertThat(prod.get("Deployment", "sla-service").path("spec").path("replicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(prod.all("HorizontalPodAutoscaler")).allSatisfy(h -> assertThat(h.path("spec").path("minReplicas").asInt()).isGreaterThanOrEqualTo(2));
        assertThat(envOf(prod, "channel-gateway-config", "ATENDE_ENGINE")).isEqualTo("baileys");
        assertThat(prod.get("Ingress", "atende").path("spec").path("tls")).isNotEmpty();
    }

    @Test
    void everyServiceHasItsOwnDatabaseOwnedByItsOwnRole() {
        for (String overlay : Fixtures.OVERLAYS) {
            Manifest manifest = Manifest.overlay(overlay);
            Set<String> databases = new TreeSet<>();
            Set<String> owners = new TreeSet<>();
            manifest.all("Database").forEach(d -> {
                databases.add(d.path("spec").path("name").asText());
                owners.add(d.path("spec").path("owner").asText());
            });
            assertThat(databases).as(overlay).containsExactlyInAnyOrder("atende_gateway", "atende_ticketing", "atende_sla", "atende_reporting");
            assertThat(owners).as(overlay).hasSize(4);
        }
    }

    private static Set<String> roles(JsonNode pool) {
        Set<String> roles = new TreeSet<>();
        pool.path("spec").path("roles").forEach(r -> roles.add(r.asText()));
        return roles;
    }

    private static String envOf(Manifest manifest, String generatedFrom, String key) {
        return manifest.all("ConfigMap").stream().filter(c -> Manifest.name(c).startsWith(generatedFrom + "-"))
                .findFirst().orElseThrow().path("data").path(key).asText();
    }
}
