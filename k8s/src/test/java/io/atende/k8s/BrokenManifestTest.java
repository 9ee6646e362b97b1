package io.atende.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The checks catch mistakes: each test breaks one thing in a copy of a rendered overlay (or, for the first, in a copy
 * of the kustomize sources) and runs the same check code as the tests of the real manifests.
 */
class BrokenManifestTest {

    @Test
    void aTopicMissingFromTheSourcesIsReported(@TempDir Path temp) throws IOException {
        Path k8s = copyOfTheSources(temp);
        Path topics = k8s.resolve("base/kafka/topics.yaml");
        String[] documents = Files.readString(topics).split("(?m)^---\\n");
        String kept = Stream.of(documents).filter(d -> !d.contains("topicName: ticket.events.v1.dlq\n"))
                .reduce((a, b) -> a + "---\n" + b).orElseThrow();
        assertThat(kept).isNotEqualTo(Files.readString(topics));
        Files.writeString(topics, kept);

        Manifest broken = Manifest.parse(Kubectl.kustomizeUncached(k8s.resolve("overlays/dev")));

        assertThat(Fixtures.crossCheckProblems(broken))
                .anySatisfy(p -> assertThat(p).contains("topic ticket.events.v1.dlq has no KafkaTopic"));
    }

    @Test
    void aWrongContainerPortIsReported() {
        List<String> problems = crossCheckDevWith(m -> port(m, "ticketing-service").put("containerPort", 8080));

        assertThat(problems).anySatisfy(p -> assertThat(p)
                .contains("Deployment/ticketing-service: containerPort http is 8080 but the service listens on 8082"));
    }

    @Test
    void aProbeOnTheWrongPathOrPortIsReported() {
        List<String> problems = crossCheckDevWith(m -> {
            ObjectNode container = container(m, "sla-service");
            ((ObjectNode) container.path("readinessProbe").path("httpGet")).put("path", "/health");
            ((ObjectNode) container.path("livenessProbe").path("httpGet")).put("port", 9000);
        });

        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("Deployment/sla-service: readinessProbe path /health, expected /q/health/ready"))
                .anySatisfy(p -> assertThat(p).contains("Deployment/sla-service: livenessProbe port 9000 is not 8083"));
    }

    @Test
    void anUnknownFieldInABuiltInObjectIsReported() {
        Manifest broken = Manifest.overlay("dev").copy();
        container(broken, "ticketing-service").put("imagePullPolicyy", "Always");
        ((ObjectNode) broken.get("Service", "sla-service").path("metadata")).putObject("lables").put("a", "b");

        assertThat(Fixtures.schemaProblems(broken))
                .anySatisfy(p -> assertThat(p).isEqualTo(
                        "Deployment/ticketing-service: unknown field spec.template.spec.containers[0].imagePullPolicyy"))
                .anySatisfy(p -> assertThat(p).isEqualTo("Service/sla-service: unknown field metadata.lables"));
    }

    @Test
    void aFieldOfTheWrongTypeInABuiltInObjectIsReported() {
        Manifest broken = Manifest.overlay("dev").copy();
        ((ObjectNode) broken.get("Deployment", "sla-service").path("spec")).put("replicas", "two");

        assertThat(Fixtures.schemaProblems(broken))
                .anySatisfy(p -> assertThat(p).startsWith("Deployment/sla-service: does not bind to Deployment"));
    }

    @Test
    void anUnknownFieldInACustomResourceIsReported() {
        Manifest broken = Manifest.overlay("prod").copy();
        ((ObjectNode) broken.get("KafkaTopic", "sla-events-v1").path("spec")).put("partitionCount", 3);
        ObjectNode role = (ObjectNode) broken.get("Cluster", "atende-pg").path("spec").path("managed").path("roles").get(0);
        role.putObject("passwordSecrett").put("name", "x");
        ((ObjectNode) broken.get("KafkaUser", "sla-service").path("metadata")).put("labelz", "x");

        assertThat(Fixtures.schemaProblems(broken))
                .anySatisfy(p -> assertThat(p).isEqualTo("KafkaTopic/sla-events-v1: /spec: property 'partitionCount' is not defined in the schema and the schema does not allow additional properties"))
                .anySatisfy(p -> assertThat(p).startsWith("Cluster/atende-pg: /spec/managed/roles/0: property 'passwordSecrett' is not defined"))
                .anySatisfy(p -> assertThat(p).isEqualTo("KafkaUser/sla-service: unknown field metadata.labelz"));
    }

    @Test
    void aCustomResourceOfTheWrongTypeOrAnUnservedVersionIsReported() {
        Manifest broken = Manifest.overlay("prod").copy();
        ((ObjectNode) broken.get("KafkaTopic", "ticket-events-v1").path("spec")).put("partitions", "six");
        ((ObjectNode) broken.get("KafkaUser", "ticketing-service").path("spec").path("authentication")).put("type", "plain");
        broken.get("Kafka", "atende").put("apiVersion", "kafka.strimzi.io/v1beta2");

        assertThat(Fixtures.schemaProblems(broken))
                .anySatisfy(p -> assertThat(p).startsWith("KafkaTopic/ticket-events-v1: ").contains("partitions"))
                .anySatisfy(p -> assertThat(p).startsWith("KafkaUser/ticketing-service: ").contains("/spec/authentication/type"))
                .anySatisfy(p -> assertThat(p).startsWith("Kafka/atende: no served CRD version for kafka.strimzi.io/v1beta2 Kafka"));
    }

    @Test
    void aMissingOrSuperfluousAclIsReported() {
        List<String> problems = crossCheckDevWith(m -> {
            for (JsonNode acl : m.get("KafkaUser", "ticketing-service").path("spec").path("authorization").path("acls")) {
                if (acl.path("resource").path("name").asText().equals("ticket.events.v1")) {
                    ((ObjectNode) acl).putArray("operations").add("Describe");
                }
            }
            ArrayNode acls = (ArrayNode) m.get("KafkaUser", "sla-service").path("spec").path("authorization").path("acls");
            ObjectNode extra = acls.addObject();
            extra.putObject("resource").put("type", "topic").put("name", "channel.inbound.v1").put("patternType", "literal");
            extra.putArray("operations").add("Read");
        });

        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("KafkaUser/ticketing-service: does not allow Write on topic ticket.events.v1"))
                .anySatisfy(p -> assertThat(p).contains("KafkaUser/sla-service: allows [Read] on topic channel.inbound.v1"));
    }

    @Test
    void aConsumerGroupThatIsNotAllowedIsReported() {
        List<String> problems = crossCheckDevWith(m -> {
            for (JsonNode acl : m.get("KafkaUser", "reporting-service").path("spec").path("authorization").path("acls")) {
                if (acl.path("resource").path("type").asText().equals("group")) {
                    ((ObjectNode) acl.path("resource")).put("name", "reporting");
                }
            }
        });

        assertThat(problems).anySatisfy(p -> assertThat(p)
                .contains("KafkaUser/reporting-service: does not allow Read on group reporting-service"));
    }

    @Test
    void aTopicTheCodeStartsToUseIsReportedUntilTheManifestsHaveIt() {
        Map<String, ServiceProperties> services = new LinkedHashMap<>(Fixtures.services());
        services.put("sla-service", ServiceProperties.fromText("sla-service", """
                quarkus.application.name=sla-service
                quarkus.http.port=${ATENDE_HTTP_PORT:8083}
                kafka.bootstrap.servers=${ATENDE_KAFKA_BOOTSTRAP:localhost:29092}
                quarkus.datasource.username=${ATENDE_DB_USER:postgres}
                quarkus.datasource.password=${ATENDE_DB_PASSWORD:postgres}
                quarkus.datasource.reactive.url=${ATENDE_DB_REACTIVE_URL:postgresql://localhost:25432/atende_sla}
                quarkus.datasource.jdbc.url=${ATENDE_DB_JDBC_URL:jdbc:postgresql://localhost:25432/atende_sla}
                mp.jwt.verify.publickey.location=${ATENDE_JWT_PUBLIC_KEY:}
                mp.jwt.verify.issuer=${ATENDE_JWT_ISSUER:x}
                quarkus.log.console.json.enabled=${ATENDE_LOG_JSON:true}
                atende.sla.first-response=${ATENDE_SLA_FIRST_RESPONSE:15m}
                quarkus.micrometer.export.prometheus.path=/q/metrics
                mp.messaging.incoming.ticket-events.topic=ticket.events.v1
                mp.messaging.incoming.ticket-events.group.id=sla-service
                mp.messaging.incoming.ticket-events.failure-strategy=dead-letter-queue
                mp.messaging.incoming.ticket-events.dead-letter-queue.topic=ticket.events.v1.dlq
                mp.messaging.incoming.calendars.topic=calendar.changes.v1
                mp.messaging.incoming.calendars.group.id=sla-calendars
                mp.messaging.incoming.calendars.failure-strategy=dead-letter-queue
                """));

        List<String> problems = ManifestChecks.crossCheck(Manifest.overlay("dev"), services, Fixtures.contract());

        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("topic calendar.changes.v1 has no KafkaTopic"))
                .anySatisfy(p -> assertThat(p).contains("topic dead-letter-topic-calendars has no KafkaTopic"))
                .anySatisfy(p -> assertThat(p).contains("KafkaUser/sla-service: does not allow Read on topic calendar.changes.v1"))
                .anySatisfy(p -> assertThat(p).contains("KafkaUser/sla-service: does not allow Read on group sla-calendars"));
    }

    @Test
    void anEnvironmentVariableTheServiceDoesNotReadIsReported() {
        List<String> problems = crossCheckDevWith(m -> {
            ArrayNode env = (ArrayNode) container(m, "ticketing-service").path("env");
            env.addObject().put("name", "ATENDE_KAFKA_BOOTSTRAP_SERVERS").put("value", "x:1");
            env.addObject().put("name", "KAFKA_SASL_MECHANISMS").put("value", "PLAIN");
            env.addObject().put("name", "JAVA_TOOL_OPTIONS").put("value", "-Dx=y");
        });

        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("ticketing-service: sets ATENDE_KAFKA_BOOTSTRAP_SERVERS, which its application.properties never reads"))
                .anySatisfy(p -> assertThat(p).contains("ticketing-service: sets KAFKA_SASL_MECHANISMS, which maps to kafka.sasl.mechanisms, not a setting of the Kafka client"))
                .anySatisfy(p -> assertThat(p).contains("ticketing-service: sets JAVA_TOOL_OPTIONS"));
    }

    @Test
    void aDatabaseUrlOfAnotherServiceOrHostIsReported() {
        List<String> problems = crossCheckDevWith(m -> {
            configMap(m, "ticketing-service-config").put("ATENDE_DB_REACTIVE_URL", "postgresql://atende-pg-rw:5432/atende_sla");
            configMap(m, "ticketing-service-config").put("ATENDE_DB_JDBC_URL", "jdbc:postgresql://atende-pg-r:5432/atende_ticketing");
        });

        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("ticketing-service: ATENDE_DB_REACTIVE_URL=postgresql://atende-pg-rw:5432/atende_sla is not"))
                .anySatisfy(p -> assertThat(p).contains("ticketing-service: ATENDE_DB_JDBC_URL=jdbc:postgresql://atende-pg-r:5432/atende_ticketing is not"));
    }

    @Test
    void kafkaSettingsThatDoNotMatchTheListenerAreReported() {
        List<String> problems = crossCheckDevWith(m -> {
            configMap(m, "atende-common").put("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
            configMap(m, "channel-gateway-config").put("ATENDE_KAFKA_BOOTSTRAP", "atende-kafka-bootstrap:9092");
        });

        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("ticketing-service: KAFKA_SECURITY_PROTOCOL should be SASL_SSL, is SASL_PLAINTEXT"))
                .anySatisfy(p -> assertThat(p).contains("channel-gateway: ATENDE_KAFKA_BOOTSTRAP=atende-kafka-bootstrap:9092 is not"));
    }

    @Test
    void aListenerWithoutAuthenticationIsReported() {
        List<String> problems = crossCheckDevWith(m -> ((ObjectNode) m.get("Kafka", "atende").path("spec").path("kafka")
                .path("listeners").get(0)).remove("authentication"));

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("which requires no authentication"));
    }

    @Test
    void podsThatTheKafkaListenerDoesNotAdmitAreReported() {
        List<String> problems = crossCheckDevWith(m -> ((ObjectNode) m.get("Deployment", "reporting-service")
                .path("spec").path("template").path("metadata").path("labels")).remove("app.kubernetes.io/part-of"));

        assertThat(problems).anySatisfy(p -> assertThat(p)
                .contains("reporting-service: the networkPolicyPeers of Kafka listener tls do not admit its pods"));
    }

    @Test
    void aScaledOrRollingGatewayIsReported() {
        List<String> problems = crossCheckDevWith(m -> {
            ObjectNode spec = (ObjectNode) m.get("Deployment", "channel-gateway").path("spec");
            spec.put("replicas", 2);
            spec.putObject("strategy").put("type", "RollingUpdate");
        });

        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("Deployment/channel-gateway: must run exactly 1 replica"))
                .anySatisfy(p -> assertThat(p).contains("Deployment/channel-gateway: strategy must be Recreate"));
    }

    @Test
    void missingPoliciesBudgetsAndAutoscalersAreReported() {
        List<String> problems = crossCheckDevWith(m -> m.remove(o -> Manifest.name(o).equals("sla-service")
                && Stream.of("NetworkPolicy", "PodDisruptionBudget").anyMatch(k -> k.equals(o.path("kind").asText()))
                || Manifest.id(o).equals("HorizontalPodAutoscaler/reporting-service")));

        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("Deployment/sla-service: no NetworkPolicy selects its pods"))
                .anySatisfy(p -> assertThat(p).contains("Deployment/sla-service: no PodDisruptionBudget selects its pods"))
                .anySatisfy(p -> assertThat(p).contains("Deployment/reporting-service: no HorizontalPodAutoscaler"));
    }

    @Test
    void moreTopicReplicasThanBrokersAreReported() {
        List<String> problems = crossCheckDevWith(m -> ((ObjectNode) m.get("KafkaTopic", "channel-inbound-v1").path("spec"))
                .put("replicas", 3));

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("KafkaTopic/channel-inbound-v1: 3 replicas but only 1 brokers"));
    }

    @Test
    void aMissingSecretKeyIsReported() {
        List<String> problems = crossCheckDevWith(m -> {
            for (JsonNode e : container(m, "sla-service").path("env")) {
                if (e.path("name").asText().equals("KAFKA_SASL_JAAS_CONFIG")) {
                    ((ObjectNode) e.path("valueFrom").path("secretKeyRef")).put("key", "jaas");
                }
            }
        });

        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("Deployment/sla-service: the operator's Secret sla-service has no key jaas"))
                .anySatisfy(p -> assertThat(p).contains("sla-service: KAFKA_SASL_JAAS_CONFIG should come from key sasl.jaas.config of Secret sla-service"));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static List<String> crossCheckDevWith(Consumer<Manifest> breakIt) {
        Manifest broken = Manifest.overlay("dev").copy();
        assertThat(Fixtures.crossCheckProblems(broken)).as("the unbroken copy").isEmpty();
        breakIt.accept(broken);
        return Fixtures.crossCheckProblems(broken);
    }

    private static ObjectNode container(Manifest m, String deployment) {
        return (ObjectNode) m.get("Deployment", deployment).path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static ObjectNode port(Manifest m, String deployment) {
        return (ObjectNode) container(m, deployment).path("ports").get(0);
    }

    /** The data of a generated ConfigMap, found by the name before kustomize appended its hash. */
    private static ObjectNode configMap(Manifest m, String generatedFrom) {
        return (ObjectNode) m.all("ConfigMap").stream()
                .filter(c -> Manifest.name(c).matches(java.util.regex.Pattern.quote(generatedFrom) + "(-[a-z0-9]{10})?"))
                .findFirst().orElseThrow().path("data");
    }

    private static Path copyOfTheSources(Path temp) throws IOException {
        Path target = temp.resolve("k8s");
        for (String folder : List.of("base", "components", "overlays")) {
            Path source = Repo.k8s().resolve(folder);
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.toList()) {
                    Path copy = target.resolve(folder).resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(file, copy);
                    }
                }
            }
        }
        return target;
    }
}
