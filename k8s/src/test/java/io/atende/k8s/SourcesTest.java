package io.atende.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The kustomize sources themselves, the secrets left to an install, and how a missing kubectl is handled. */
class SourcesTest {

    @Test
    void kustomizationsUseLabelsNotTheDeprecatedCommonLabels() throws IOException {
        List<Path> kustomizations;
        try (Stream<Path> files = Files.walk(Repo.k8s())) {
            kustomizations = files.filter(f -> f.getFileName().toString().equals("kustomization.yaml")).toList();
        }
        assertThat(kustomizations).hasSizeGreaterThanOrEqualTo(4);
        for (Path file : kustomizations) {
            assertThat(Files.readString(file)).as(file.toString()).doesNotContain("commonLabels").doesNotContain("v1beta2");
        }
    }

    @Test
    void devRendersEverySecretAndConfigMapItNeedsExceptThoseTheOperatorsWrite() {
        assertThat(ManifestChecks.externalReferences(Manifest.overlay("dev"))).isEmpty();
        assertThat(ManifestChecks.operatorSecrets(Manifest.overlay("dev")))
                .containsKeys("channel-gateway", "ticketing-service", "sla-service", "reporting-service", "atende-cluster-ca-cert");
    }

    @Test
    void prodLeavesExactlyTheDocumentedSecretsToTheInstall() throws IOException {
        List<String> external = List.of("ConfigMap/atende-jwt", "Secret/atende-db-gateway", "Secret/atende-db-reporting",
                "Secret/atende-db-sla", "Secret/atende-db-ticketing", "Secret/atende-link-token", "Secret/atende-tls");

        assertThat(ManifestChecks.externalReferences(Manifest.overlay("prod"))).containsExactlyElementsOf(external);
        String readme = Files.readString(Repo.k8s().resolve("README.md"));
        external.forEach(ref -> assertThat(readme).as("k8s/README.md tells how to create " + ref)
                .contains(ref.substring(ref.indexOf('/') + 1)));
    }

    @Test
    void theDevOverlaysTokenKeyIsLocalStacksDevKey() throws IOException {
        assertThat(Files.readString(Repo.overlay("dev").resolve("dev-jwt/public.pem")))
                .isEqualTo(Files.readString(Repo.root().resolve("local-stack/src/main/resources/dev-jwt/public.pem")));
    }

    @Test
    void aMissingKubectlFailsWithASayingMessageUnlessSkippingIsAllowed() {
        assertThatThrownBy(() -> Kubectl.executable("no-such-kubectl", Map.of("PATH", "/nonexistent")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("kubectl was not found")
                .hasMessageContaining("ATENDE_ALLOW_NO_KUBECTL=true");
        assertThatThrownBy(() -> Kubectl.executable("no-such-kubectl",
                Map.of("PATH", "/nonexistent", "ATENDE_ALLOW_NO_KUBECTL", "true")))
                .isInstanceOf(TestAbortedException.class);
    }
}
