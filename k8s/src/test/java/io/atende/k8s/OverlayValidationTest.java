package io.atende.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every overlay renders with kustomize, and every object in it is valid for its kind. */
class OverlayValidationTest {

    static final java.util.List<String> OVERLAYS = Fixtures.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyObjectBindsToItsTypedModelOrItsCrdSchemaWithoutUnknownFields(String overlay) {
        Manifest manifest = Manifest.overlay(overlay);

        assertThat(manifest.objects()).hasSizeGreaterThan(40);
        assertThat(Fixtures.schemaProblems(manifest)).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void rendersEveryKindTheSystemNeeds(String overlay) {
        Set<String> kinds = new TreeSet<>();
        Manifest.overlay(overlay).objects().forEach(o -> kinds.add(o.path("apiVersion").asText() + " " + o.path("kind").asText()));

        assertThat(kinds).contains(
                "v1 Namespace", "v1 ConfigMap", "v1 Service",
                "apps/v1 Deployment", "policy/v1 PodDisruptionBudget", "autoscaling/v2 HorizontalPodAutoscaler",
                "networking.k8s.io/v1 NetworkPolicy", "networking.k8s.io/v1 Ingress",
                "kafka.strimzi.io/v1 Kafka", "kafka.strimzi.io/v1 KafkaNodePool", "kafka.strimzi.io/v1 KafkaTopic",
                "kafka.strimzi.io/v1 KafkaUser", "postgresql.cnpg.io/v1 Cluster", "postgresql.cnpg.io/v1 Database");
    }
}
