package io.atende.k8s;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The checks of a rendered overlay. {@link #schemas} validates every object (built-in kinds against fabric8's typed
 * models, custom resources against their CRDs); {@link #crossCheck} holds the manifests against the code: the
 * services' application.properties and the topic contract (asyncapi.yaml). Each returns the problems it found, one
 * readable line each, so that a test can show them all and a test of a broken copy can look for the one it caused.
 */
final class ManifestChecks {

    static final String HEALTH_STARTED = "/q/health/started";
    static final String HEALTH_READY = "/q/health/ready";
    static final String HEALTH_LIVE = "/q/health/live";
    /** The one service that must run alone and be replaced, not rolled (a WhatsApp session has one holder). */
    static final String SINGLETON = "channel-gateway";
    /** The services that scale with load. */
    static final Set<String> AUTOSCALED = Set.of("ticketing-service", "reporting-service");

    private static final Set<String> KAFKA_CLIENT_SETTINGS = kafkaClientSettings();
    private static final Pattern DB_URL = Pattern.compile("(jdbc:)?postgresql://([^:/?]+)(?::(\\d+))?/([^?]+)(\\?.*)?");

    private final Manifest manifest;
    private final List<String> problems = new ArrayList<>();

    private ManifestChecks(Manifest manifest) {
        this.manifest = manifest;
    }

    // ------------------------------------------------------------------------------------------------ schemas

    static List<String> schemas(Manifest manifest, CrdSchemas crds) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode object : manifest.objects()) {
            if (!object.path("apiVersion").isTextual() || !object.path("kind").isTextual()
                    || Manifest.name(object).isEmpty()) {
                problems.add(Manifest.id(object) + ": no apiVersion, kind or metadata.name");
            } else if (BuiltInKinds.isBuiltIn(object)) {
                problems.addAll(BuiltInKinds.validate(object));
            } else if (crds.definesGroupOf(object)) {
                problems.addAll(crds.validate(object));
                problems.addAll(BuiltInKinds.validateMetadata(object));
            } else if (BuiltInKinds.isBuiltInGroup(object.path("apiVersion").asText())) {
                problems.addAll(BuiltInKinds.validate(object));
            } else {
                problems.add(Manifest.id(object) + ": " + object.path("apiVersion").asText()
                        + " is neither a built-in kind nor defined by a CRD in shared/k8s-crds");
            }
        }
        return problems;
    }

    // ------------------------------------------------------------------------------------------- cross-checks

    static List<String> crossCheck(Manifest manifest, Map<String, ServiceProperties> services, TopicContract contract) {
        ManifestChecks checks = new ManifestChecks(manifest);
        checks.namespace();
        Optional<ObjectNode> kafka = checks.single("Kafka");
        Optional<ObjectNode> postgres = checks.single("Cluster");
        if (kafka.isEmpty() || postgres.isEmpty()) {
            return checks.problems;
        }
        String kafkaName = Manifest.name(kafka.get());
        checks.topics(kafkaName, services, contract);
        checks.kafkaTopology(kafka.get());
        for (ServiceProperties service : services.values()) {
            checks.service(service, kafka.get(), postgres.get(), contract);
        }
        checks.references();
        checks.ingress();
        checks.autoscalers();
        return checks.problems;
    }

    private void problem(String text) {
        problems.add(text);
    }

    private Optional<ObjectNode> single(String kind) {
        List<ObjectNode> found = manifest.all(kind);
        if (found.size() != 1) {
            problem("expected exactly one " + kind + ", found " + found.size());
            return Optional.empty();
        }
        return Optional.of(found.get(0));
    }

    private void namespace() {
        List<ObjectNode> namespaces = manifest.all("Namespace");
        if (namespaces.size() != 1) {
            problem("expected exactly one Namespace, found " + namespaces.size());
            return;
        }
        String namespace = Manifest.name(namespaces.get(0));
        for (ObjectNode object : manifest.objects()) {
            if (object != namespaces.get(0) && !namespace.equals(object.path("metadata").path("namespace").asText())) {
                problem(Manifest.id(object) + ": namespace '" + object.path("metadata").path("namespace").asText()
                        + "', not the manifest's namespace " + namespace);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ topics

    private void topics(String kafkaName, Map<String, ServiceProperties> services, TopicContract contract) {
        Set<String> required = new TreeSet<>(contract.topics);
        for (ServiceProperties service : services.values()) {
            service.incoming.values().forEach(in -> {
                required.add(in.topic());
                if (in.deadLetterTopic() != null) {
                    required.add(in.deadLetterTopic());
                }
            });
            service.outgoing.values().forEach(out -> required.add(out.topic()));
        }
        Map<String, ObjectNode> byTopicName = new TreeMap<>();
        for (ObjectNode topic : manifest.all("KafkaTopic")) {
            String topicName = topic.path("spec").path("topicName").asText(Manifest.name(topic));
            byTopicName.put(topicName, topic);
            if (!kafkaName.equals(label(topic, "strimzi.io/cluster"))) {
                problem(Manifest.id(topic) + ": label strimzi.io/cluster is not the Kafka cluster " + kafkaName);
            }
            if (!Manifest.name(topic).equals(topicName.replace('.', '-'))) {
                problem(Manifest.id(topic) + ": metadata.name should be the topic name with hyphens: "
                        + topicName.replace('.', '-'));
            }
            if (!topic.path("spec").path("config").has("retention.ms")) {
                problem(Manifest.id(topic) + ": no retention.ms");
            }
            if (!required.contains(topicName)) {
                problem(Manifest.id(topic) + ": topic " + topicName + " is in neither the contract nor a service's configuration");
            }
        }
        for (String topic : required) {
            if (!byTopicName.containsKey(topic)) {
                problem("topic " + topic + " has no KafkaTopic (spec.topicName: " + topic + ")");
            }
        }
    }

    private void kafkaTopology(ObjectNode kafka) {
        String kafkaName = Manifest.name(kafka);
        int brokers = 0;
        int controllers = 0;
        List<ObjectNode> pools = manifest.all("KafkaNodePool");
        for (ObjectNode pool : pools) {
            if (!kafkaName.equals(label(pool, "strimzi.io/cluster"))) {
                problem(Manifest.id(pool) + ": label strimzi.io/cluster is not the Kafka cluster " + kafkaName);
            }
            Set<String> roles = texts(pool.path("spec").path("roles"));
            int replicas = pool.path("spec").path("replicas").asInt();
            brokers += roles.contains("broker") ? replicas : 0;
            controllers += roles.contains("controller") ? replicas : 0;
        }
        if (brokers == 0 || controllers == 0) {
            problem("the KafkaNodePools give " + brokers + " brokers and " + controllers + " controllers: KRaft needs both");
            return;
        }
        if (controllers % 2 == 0) {
            problem("an even number of KRaft controllers (" + controllers + ") tolerates no more failures than one fewer");
        }
        JsonNode config = kafka.path("spec").path("kafka").path("config");
        int defaultReplication = config.path("default.replication.factor").asInt(1);
        for (String key : List.of("default.replication.factor", "offsets.topic.replication.factor",
                "transaction.state.log.replication.factor")) {
            if (config.path(key).asInt(1) > brokers) {
                problem("Kafka " + kafkaName + ": " + key + " " + config.path(key).asInt() + " > " + brokers + " brokers");
            }
        }
        if (config.path("min.insync.replicas").asInt(1) > defaultReplication) {
            problem("Kafka " + kafkaName + ": min.insync.replicas > default.replication.factor");
        }
        for (ObjectNode topic : manifest.all("KafkaTopic")) {
            int replicas = topic.path("spec").path("replicas").asInt(defaultReplication);
            int minInSync = topic.path("spec").path("config").path("min.insync.replicas")
                    .asInt(config.path("min.insync.replicas").asInt(1));
            if (replicas > brokers) {
                problem(Manifest.id(topic) + ": " + replicas + " replicas but only " + brokers + " brokers");
            }
            if (minInSync > replicas) {
                problem(Manifest.id(topic) + ": min.insync.replicas " + minInSync + " > " + replicas
                        + " replicas: no write could ever succeed with acks=all");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ services

    private void service(ServiceProperties props, ObjectNode kafka, ObjectNode postgres, TopicContract contract) {
        String name = props.service;
        Optional<ObjectNode> found = manifest.find("Deployment", name);
        if (found.isEmpty()) {
            problem("service " + name + " has no Deployment named " + name);
            return;
        }
        ObjectNode deployment = found.get();
        if (!props.applicationName.equals(name)) {
            problem(name + ": quarkus.application.name is " + props.applicationName + ", not the Deployment's name");
        }
        JsonNode pod = deployment.path("spec").path("template");
        Map<String, String> podLabels = labels(pod);
        if (!matches(deployment.path("spec").path("selector"), podLabels)) {
            problem("Deployment/" + name + ": the selector does not match the pod template's labels");
        }
        JsonNode container = container(deployment, name);
        if (container == null) {
            problem("Deployment/" + name + ": no container");
            return;
        }
        int port = props.defaultHttpPort();
        image(name, container);
        ports(name, container, port);
        probes(name, container, port);
        resources(name, container);
        Map<String, Env> env = env(name, container);
        envNames(props, env);
        kafkaClient(props, env, kafka, podLabels);
        database(props, env, postgres);
        scraping(props, pod, port);
        kafkaUser(props, kafka, contract);
        serviceObject(name, podLabels, container, port);
        disruptionBudget(name, podLabels);
        networkPolicy(name, podLabels, container, port, kafka, postgres);
        if (name.equals(SINGLETON)) {
            if (deployment.path("spec").path("replicas").asInt(1) != 1) {
                problem("Deployment/" + name + ": must run exactly 1 replica (one holder per WhatsApp session)");
            }
            if (!"Recreate".equals(deployment.path("spec").path("strategy").path("type").asText())) {
                problem("Deployment/" + name + ": strategy must be Recreate, so that the old pod is gone before the new one links");
            }
        }
    }

    private static JsonNode container(ObjectNode deployment, String name) {
        JsonNode containers = deployment.path("spec").path("template").path("spec").path("containers");
        for (JsonNode container : containers) {
            if (name.equals(container.path("name").asText())) {
                return container;
            }
        }
        return containers.size() > 0 ? containers.get(0) : null;
    }

    private void image(String name, JsonNode container) {
        String image = container.path("image").asText();
        String last = image.substring(image.lastIndexOf('/') + 1);
        if (!last.startsWith(name + ":") && !last.startsWith(name + "@")) {
            problem("Deployment/" + name + ": image " + image + " is not the " + name + " image (with a tag)");
        }
    }

    private void ports(String name, JsonNode container, int port) {
        boolean found = false;
        for (JsonNode p : container.path("ports")) {
            if ("http".equals(p.path("name").asText())) {
                found = true;
                if (p.path("containerPort").asInt() != port) {
                    problem("Deployment/" + name + ": containerPort http is " + p.path("containerPort").asInt()
                            + " but the service listens on " + port + " (ATENDE_HTTP_PORT default in application.properties)");
                }
            }
        }
        if (!found) {
            problem("Deployment/" + name + ": no container port named http");
        }
    }

    private void probes(String name, JsonNode container, int port) {
        Map<String, String> expected = Map.of("startupProbe", HEALTH_STARTED, "readinessProbe", HEALTH_READY,
                "livenessProbe", HEALTH_LIVE);
        expected.forEach((probe, path) -> {
            JsonNode get = container.path(probe).path("httpGet");
            if (get.isMissingNode()) {
                problem("Deployment/" + name + ": no " + probe + " (httpGet " + path + ")");
                return;
            }
            if (!path.equals(get.path("path").asText())) {
                problem("Deployment/" + name + ": " + probe + " path " + get.path("path").asText() + ", expected " + path);
            }
            Integer probePort = containerPort(container, get.path("port"));
            if (probePort == null || probePort != port) {
                problem("Deployment/" + name + ": " + probe + " port " + get.path("port").asText() + " is not " + port);
            }
        });
    }

    /** A port given by number or by the name of a container port. */
    private static Integer containerPort(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode p : container.path("ports")) {
            if (port.asText().equals(p.path("name").asText())) {
                return p.path("containerPort").asInt();
            }
        }
        return null;
    }

    private void resources(String name, JsonNode container) {
        for (String path : List.of("requests/cpu", "requests/memory", "limits/cpu", "limits/memory")) {
            if (container.path("resources").at("/" + path).isMissingNode()) {
                problem("Deployment/" + name + ": no resources." + path.replace('/', '.'));
            }
        }
    }

    // ---------------------------------------------------------------------------------------- environment

    /** One environment variable: a literal value, or a reference to a key of a Secret or ConfigMap. */
    record Env(String name, String value, String secret, String configMap, String key) {
    }

    private Map<String, Env> env(String name, JsonNode container) {
        Map<String, Env> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String prefix = from.path("prefix").asText("");
            if (from.has("configMapRef")) {
                String map = from.path("configMapRef").path("name").asText();
                Optional<ObjectNode> configMap = manifest.find("ConfigMap", map);
                if (configMap.isEmpty()) {
                    problem("Deployment/" + name + ": envFrom ConfigMap " + map + " is not in the manifest");
                    continue;
                }
                configMap.get().path("data").properties().forEach(e -> env.put(prefix + e.getKey(),
                        new Env(prefix + e.getKey(), e.getValue().asText(), null, map, e.getKey())));
            }
            if (from.has("secretRef")) {
                String secretName = from.path("secretRef").path("name").asText();
                Optional<ObjectNode> secret = manifest.find("Secret", secretName);
                if (secret.isEmpty()) {
                    problem("Deployment/" + name + ": envFrom Secret " + secretName + " is not in the manifest");
                    continue;
                }
                secretData(secret.get()).forEach((k, v) -> env.put(prefix + k, new Env(prefix + k, v, secretName, null, k)));
            }
        }
        for (JsonNode e : container.path("env")) {
            String var = e.path("name").asText();
            JsonNode from = e.path("valueFrom");
            if (from.has("secretKeyRef")) {
                env.put(var, new Env(var, null, from.path("secretKeyRef").path("name").asText(), null,
                        from.path("secretKeyRef").path("key").asText()));
            } else if (from.has("configMapKeyRef")) {
                String map = from.path("configMapKeyRef").path("name").asText();
                String key = from.path("configMapKeyRef").path("key").asText();
                String value = manifest.find("ConfigMap", map).map(c -> c.path("data").path(key).asText(null)).orElse(null);
                env.put(var, new Env(var, value, null, map, key));
            } else {
                env.put(var, new Env(var, e.path("value").asText(null), null, null, null));
            }
        }
        return env;
    }

    private void envNames(ServiceProperties props, Map<String, Env> env) {
        for (String var : env.keySet()) {
            if (var.startsWith("ATENDE_")) {
                if (!props.envDefaults.containsKey(var)) {
                    problem(props.service + ": sets " + var + ", which its application.properties never reads (no ${" + var + "...})");
                }
            } else if (var.startsWith("KAFKA_")) {
                String property = var.substring("KAFKA_".length()).toLowerCase().replace('_', '.');
                if (!KAFKA_CLIENT_SETTINGS.contains(property)) {
                    problem(props.service + ": sets " + var + ", which maps to kafka." + property
                            + ", not a setting of the Kafka client");
                }
            } else if (!var.startsWith("QUARKUS_")) {
                problem(props.service + ": sets " + var + ", which is neither an ATENDE_ variable of the service nor a"
                        + " Quarkus (QUARKUS_) or Kafka client (KAFKA_) setting");
            }
        }
        props.envDefaults.forEach((var, fallback) -> {
            if (fallback != null && fallback.contains("localhost") && !env.containsKey(var)) {
                problem(props.service + ": does not set " + var + ", whose default (" + fallback + ") only works on a laptop");
            }
        });
        Env httpPort = env.get("ATENDE_HTTP_PORT");
        if (httpPort != null && httpPort.value() != null
                && !httpPort.value().equals(String.valueOf(props.defaultHttpPort()))) {
            problem(props.service + ": ATENDE_HTTP_PORT=" + httpPort.value() + " differs from the port the probes and"
                    + " the Service use (" + props.defaultHttpPort() + ")");
        }
    }

    private void kafkaClient(ServiceProperties props, Map<String, Env> env, ObjectNode kafka, Map<String, String> podLabels) {
        String name = props.service;
        String kafkaName = Manifest.name(kafka);
        Env bootstrap = env.get("ATENDE_KAFKA_BOOTSTRAP");
        if (bootstrap == null || bootstrap.value() == null) {
            problem(name + ": ATENDE_KAFKA_BOOTSTRAP is not set to a literal value");
            return;
        }
        String host = kafkaName + "-kafka-bootstrap";
        JsonNode listener = null;
        for (JsonNode l : kafka.path("spec").path("kafka").path("listeners")) {
            if (bootstrap.value().equals(host + ":" + l.path("port").asInt())) {
                listener = l;
            }
        }
        if (listener == null) {
            problem(name + ": ATENDE_KAFKA_BOOTSTRAP=" + bootstrap.value() + " is not " + host
                    + ":<port of a listener of Kafka " + kafkaName + ">");
            return;
        }
        String listenerName = listener.path("name").asText();
        JsonNode peers = listener.path("networkPolicyPeers");
        if (peers.size() > 0 && Stream.iterate(0, i -> i < peers.size(), i -> i + 1).map(peers::get)
                .noneMatch(peer -> !peer.has("namespaceSelector") && peer.has("podSelector")
                        && (peer.path("podSelector").path("matchLabels").isEmpty()
                                || matches(peer.path("podSelector"), podLabels)))) {
            problem(name + ": the networkPolicyPeers of Kafka listener " + listenerName + " do not admit its pods");
        }
        boolean tls = listener.path("tls").asBoolean();
        String authentication = listener.path("authentication").path("type").asText("");
        expectValue(name, env, "KAFKA_SECURITY_PROTOCOL", switch (authentication) {
            case "scram-sha-512" -> tls ? "SASL_SSL" : "SASL_PLAINTEXT";
            case "tls" -> "SSL";
            default -> "(an authenticated protocol)";
        });
        switch (authentication) {
            case "scram-sha-512" -> {
                expectValue(name, env, "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
                expectSecretKey(name, env, "KAFKA_SASL_JAAS_CONFIG", name, "sasl.jaas.config");
            }
            case "tls" -> {
                expectValue(name, env, "KAFKA_SSL_KEYSTORE_TYPE", "PEM");
                expectSecretKey(name, env, "KAFKA_SSL_KEYSTORE_CERTIFICATE_CHAIN", name, "user.crt");
                expectSecretKey(name, env, "KAFKA_SSL_KEYSTORE_KEY", name, "user.key");
            }
            default -> problem(name + ": connects to listener " + listenerName
                    + ", which requires no authentication (set scram-sha-512 or tls)");
        }
        if (tls) {
            expectValue(name, env, "KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
            expectSecretKey(name, env, "KAFKA_SSL_TRUSTSTORE_CERTIFICATES", kafkaName + "-cluster-ca-cert", "ca.crt");
        }
    }

    private void expectValue(String service, Map<String, Env> env, String var, String expected) {
        Env e = env.get(var);
        if (e == null || !expected.equals(e.value())) {
            problem(service + ": " + var + " should be " + expected + ", is " + (e == null ? "unset" : e.value()));
        }
    }

    private void expectSecretKey(String service, Map<String, Env> env, String var, String secret, String key) {
        Env e = env.get(var);
        if (e == null || !secret.equals(e.secret()) || !key.equals(e.key())) {
            problem(service + ": " + var + " should come from key " + key + " of Secret " + secret
                    + (e == null ? ", is unset" : ", comes from " + (e.secret() != null ? "Secret " + e.secret() + " key " + e.key() : "a value")));
        }
    }

    private void database(ServiceProperties props, Map<String, Env> env, ObjectNode postgres) {
        String name = props.service;
        String cluster = Manifest.name(postgres);
        String namespace = postgres.path("metadata").path("namespace").asText();
        String database = props.databaseName();
        for (String var : List.of("ATENDE_DB_REACTIVE_URL", "ATENDE_DB_JDBC_URL")) {
            Env url = env.get(var);
            if (url == null || url.value() == null) {
                problem(name + ": " + var + " is not set to a literal value");
                continue;
            }
            Matcher m = DB_URL.matcher(url.value());
            boolean jdbc = var.contains("JDBC");
            Set<String> hosts = Set.of(cluster + "-rw", cluster + "-rw." + namespace, cluster + "-rw." + namespace + ".svc",
                    cluster + "-rw." + namespace + ".svc.cluster.local");
            if (!m.matches() || (m.group(1) != null) != jdbc || !hosts.contains(m.group(2))
                    || (m.group(3) != null && !m.group(3).equals("5432")) || !m.group(4).equals(database)) {
                problem(name + ": " + var + "=" + url.value() + " is not " + (jdbc ? "jdbc:" : "") + "postgresql://"
                        + cluster + "-rw:5432/" + database + " (the primary of CloudNativePG cluster " + cluster
                        + " and the service's database)");
            }
        }
        Optional<ObjectNode> db = manifest.all("Database").stream()
                .filter(d -> database.equals(d.path("spec").path("name").asText())).findFirst();
        if (db.isEmpty()) {
            problem(name + ": no CloudNativePG Database with spec.name " + database);
            return;
        }
        if (!cluster.equals(db.get().path("spec").path("cluster").path("name").asText())) {
            problem(Manifest.id(db.get()) + ": not in cluster " + cluster);
        }
        String owner = db.get().path("spec").path("owner").asText();
        JsonNode role = null;
        for (JsonNode r : postgres.path("spec").path("managed").path("roles")) {
            if (owner.equals(r.path("name").asText())) {
                role = r;
            }
        }
        if (role == null) {
            problem(Manifest.id(db.get()) + ": owner " + owner + " is not a managed role of cluster " + cluster);
            return;
        }
        if (!role.path("login").asBoolean() || "absent".equals(role.path("ensure").asText())) {
            problem("role " + owner + ": must be present and able to log in");
        }
        String secret = role.path("passwordSecret").path("name").asText();
        if (secret.isEmpty()) {
            problem("role " + owner + ": no passwordSecret");
            return;
        }
        expectSecretKey(name, env, "ATENDE_DB_USER", secret, "username");
        expectSecretKey(name, env, "ATENDE_DB_PASSWORD", secret, "password");
        manifest.find("Secret", secret).ifPresent(s -> {
            if (!owner.equals(secretData(s).get("username"))) {
                problem("Secret/" + secret + ": username is not the role name " + owner + " (CloudNativePG requires it)");
            }
            if (!"kubernetes.io/basic-auth".equals(s.path("type").asText())) {
                problem("Secret/" + secret + ": type must be kubernetes.io/basic-auth for a CloudNativePG role password");
            }
        });
    }

    private void scraping(ServiceProperties props, JsonNode pod, int port) {
        JsonNode annotations = pod.path("metadata").path("annotations");
        Map<String, String> expected = Map.of("prometheus.io/scrape", "true", "prometheus.io/port", String.valueOf(port),
                "prometheus.io/path", props.metricsPath());
        expected.forEach((key, value) -> {
            if (!value.equals(annotations.path(key).asText())) {
                problem(props.service + ": pod annotation " + key + " should be " + value + ", is "
                        + annotations.path(key).asText("unset"));
            }
        });
    }

    // -------------------------------------------------------------------------------------------- KafkaUser

    private void kafkaUser(ServiceProperties props, ObjectNode kafka, TopicContract contract) {
        String name = props.service;
        Optional<ObjectNode> found = manifest.find("KafkaUser", name);
        if (found.isEmpty()) {
            problem("service " + name + " has no KafkaUser named " + name);
            return;
        }
        ObjectNode user = found.get();
        if (!Manifest.name(kafka).equals(label(user, "strimzi.io/cluster"))) {
            problem(Manifest.id(user) + ": label strimzi.io/cluster is not the Kafka cluster " + Manifest.name(kafka));
        }
        if (!"simple".equals(user.path("spec").path("authorization").path("type").asText())) {
            problem(Manifest.id(user) + ": no simple authorization (ACLs)");
        }
        Map<String, Set<String>> allowed = new TreeMap<>();
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            if ("deny".equals(acl.path("type").asText())) {
                continue;
            }
            JsonNode resource = acl.path("resource");
            String pattern = resource.path("patternType").asText("literal");
            if (!pattern.equals("literal") || resource.path("name").asText().equals("*")) {
                problem(Manifest.id(user) + ": ACL on " + resource.path("type").asText() + " " + resource.path("name").asText()
                        + " is not for one named resource (patternType " + pattern + ")");
            }
            allowed.computeIfAbsent(resource.path("type").asText() + " " + resource.path("name").asText(),
                    k -> new TreeSet<>()).addAll(texts(acl.path("operations")));
        }
        // What the service needs: from the contract and from its own configuration.
        Map<String, Set<String>> needed = new TreeMap<>();
        Map<String, String> why = new TreeMap<>();
        contract.receives(name).forEach(t -> need(needed, why, "topic " + t, "Read", "the contract says it consumes " + t));
        contract.sends(name).forEach(t -> need(needed, why, "topic " + t, "Write", "the contract says it produces " + t));
        props.incoming.values().forEach(in -> {
            need(needed, why, "topic " + in.topic(), "Read", "application.properties consumes " + in.topic());
            need(needed, why, "group " + in.groupId(), "Read", "application.properties consumes as group " + in.groupId());
            if (in.deadLetterTopic() != null) {
                need(needed, why, "topic " + in.deadLetterTopic(), "Write", "application.properties dead-letters to " + in.deadLetterTopic());
            }
        });
        props.outgoing.values().forEach(out -> need(needed, why, "topic " + out.topic(), "Write",
                "application.properties produces " + out.topic()));
        if (!contract.receives(name).isEmpty() && props.incoming.isEmpty()) {
            // A consumer the contract announces and the code does not have yet: its group will be the service's name.
            need(needed, why, "group " + name, "Read", "the contract says it consumes, as group " + name);
        }
        needed.forEach((resource, operations) -> {
            Set<String> have = allowed.getOrDefault(resource, Set.of());
            for (String operation : operations) {
                if (!have.contains(operation) && !have.contains("All")) {
                    problem(Manifest.id(user) + ": does not allow " + operation + " on " + resource + " ("
                            + why.get(resource + " " + operation) + ")");
                }
            }
        });
        allowed.forEach((resource, operations) -> {
            Set<String> extra = new TreeSet<>(operations);
            extra.removeAll(needed.getOrDefault(resource, Set.of()));
            if (!extra.isEmpty()) {
                problem(Manifest.id(user) + ": allows " + extra + " on " + resource + ", which the service does not need");
            }
        });
    }

    private static void need(Map<String, Set<String>> needed, Map<String, String> why, String resource, String operation,
            String reason) {
        needed.computeIfAbsent(resource, k -> new TreeSet<>()).addAll(Set.of(operation, "Describe"));
        why.putIfAbsent(resource + " " + operation, reason);
        why.putIfAbsent(resource + " Describe", reason);
    }

    // ----------------------------------------------------------------------------------- networking, PDB, HPA

    private void serviceObject(String name, Map<String, String> podLabels, JsonNode container, int port) {
        boolean found = false;
        for (ObjectNode service : manifest.all("Service")) {
            if (!service.path("spec").has("selector") || !subset(mapOf(service.path("spec").path("selector")), podLabels)) {
                continue;
            }
            found = true;
            for (JsonNode p : service.path("spec").path("ports")) {
                JsonNode target = p.has("targetPort") ? p.path("targetPort") : p.path("port");
                Integer resolved = containerPort(container, target);
                if (resolved == null || resolved != port) {
                    problem(Manifest.id(service) + ": targetPort " + target.asText() + " is not the container's port " + port);
                }
            }
        }
        if (!found) {
            problem("Deployment/" + name + ": no Service selects its pods");
        }
    }

    private void disruptionBudget(String name, Map<String, String> podLabels) {
        if (manifest.all("PodDisruptionBudget").stream().noneMatch(b -> matches(b.path("spec").path("selector"), podLabels))) {
            problem("Deployment/" + name + ": no PodDisruptionBudget selects its pods");
        }
    }

    private void networkPolicy(String name, Map<String, String> podLabels, JsonNode container, int port, ObjectNode kafka,
            ObjectNode postgres) {
        List<ObjectNode> policies = manifest.all("NetworkPolicy").stream()
                .filter(p -> matches(p.path("spec").path("podSelector"), podLabels)).toList();
        if (policies.isEmpty()) {
            problem("Deployment/" + name + ": no NetworkPolicy selects its pods (all traffic allowed)");
            return;
        }
        Set<String> types = new HashSet<>();
        policies.forEach(p -> types.addAll(texts(p.path("spec").path("policyTypes"))));
        if (!types.containsAll(Set.of("Ingress", "Egress"))) {
            problem("Deployment/" + name + ": its NetworkPolicies restrict only " + types + ", not both Ingress and Egress");
        }
        List<JsonNode> ingress = rules(policies, "ingress");
        if (ingress.stream().noneMatch(r -> allowsPort(r, container, port, "TCP"))) {
            problem("Deployment/" + name + ": no NetworkPolicy ingress rule admits its HTTP port " + port);
        }
        List<JsonNode> egress = rules(policies, "egress");
        int kafkaPort = kafka.path("spec").path("kafka").path("listeners").path(0).path("port").asInt();
        for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
            if (listener.has("authentication")) {
                kafkaPort = listener.path("port").asInt();
            }
        }
        requireEgress(name, egress, "strimzi.io/cluster", Manifest.name(kafka), kafkaPort, "TCP", "the Kafka brokers");
        requireEgress(name, egress, "cnpg.io/cluster", Manifest.name(postgres), 5432, "TCP", "PostgreSQL");
        if (egress.stream().noneMatch(r -> allowsPort(r, container, 53, "UDP"))) {
            problem("Deployment/" + name + ": no NetworkPolicy egress rule allows DNS (53/UDP)");
        }
        boolean internet = egress.stream().anyMatch(r -> Stream.iterate(0, i -> i < r.path("to").size(), i -> i + 1)
                .anyMatch(i -> r.path("to").get(i).has("ipBlock")));
        if (name.equals(SINGLETON)) {
            boolean https = egress.stream().anyMatch(r -> allowsPort(r, container, 443, "TCP")
                    && r.path("to").findValuesAsText("cidr").contains("0.0.0.0/0"));
            if (!https) {
                problem("Deployment/" + name + ": no NetworkPolicy egress rule allows HTTPS (443) to the internet (WhatsApp)");
            }
        } else if (internet) {
            problem("Deployment/" + name + ": a NetworkPolicy lets it reach IP blocks outside the cluster, which it does not need");
        }
    }

    private void requireEgress(String name, List<JsonNode> egress, String label, String value, int port, String protocol,
            String what) {
        boolean ok = egress.stream().anyMatch(rule -> {
            boolean portOk = rule.path("ports").size() == 0 || Stream.iterate(0, i -> i < rule.path("ports").size(), i -> i + 1)
                    .map(i -> rule.path("ports").get(i))
                    .anyMatch(p -> p.path("port").asInt() == port && protocol.equals(p.path("protocol").asText("TCP")));
            boolean peerOk = Stream.iterate(0, i -> i < rule.path("to").size(), i -> i + 1)
                    .map(i -> rule.path("to").get(i))
                    .anyMatch(peer -> value.equals(peer.path("podSelector").path("matchLabels").path(label).asText())
                            && !peer.has("namespaceSelector"));
            return portOk && peerOk;
        });
        if (!ok) {
            problem("Deployment/" + name + ": no NetworkPolicy egress rule allows " + what + " (pods " + label + "=" + value
                    + ", port " + port + ")");
        }
    }

    private static List<JsonNode> rules(List<ObjectNode> policies, String direction) {
        List<JsonNode> rules = new ArrayList<>();
        policies.forEach(p -> p.path("spec").path(direction).forEach(rules::add));
        return rules;
    }

    private static boolean allowsPort(JsonNode rule, JsonNode container, int port, String protocol) {
        if (rule.path("ports").size() == 0) {
            return true;
        }
        for (JsonNode p : rule.path("ports")) {
            Integer number = p.path("port").isInt() ? Integer.valueOf(p.path("port").asInt()) : containerPort(container, p.path("port"));
            if (number != null && number == port && protocol.equals(p.path("protocol").asText("TCP"))) {
                return true;
            }
        }
        return false;
    }

    private void autoscalers() {
        for (ObjectNode hpa : manifest.all("HorizontalPodAutoscaler")) {
            JsonNode target = hpa.path("spec").path("scaleTargetRef");
            Optional<ObjectNode> deployment = manifest.find(target.path("kind").asText(), target.path("name").asText());
            if (deployment.isEmpty()) {
                problem(Manifest.id(hpa) + ": scales " + target.path("kind").asText() + " " + target.path("name").asText()
                        + ", which is not in the manifest");
            } else if (deployment.get().path("spec").has("replicas")) {
                problem(Manifest.id(deployment.get()) + ": sets replicas although " + Manifest.id(hpa)
                        + " scales it (each apply would reset the count)");
            }
            int min = hpa.path("spec").path("minReplicas").asInt(1);
            if (min < 1 || hpa.path("spec").path("maxReplicas").asInt() < min) {
                problem(Manifest.id(hpa) + ": minReplicas " + min + ", maxReplicas " + hpa.path("spec").path("maxReplicas").asInt());
            }
            if (target.path("name").asText().equals(SINGLETON)) {
                problem(Manifest.id(hpa) + ": " + SINGLETON + " must not be scaled");
            }
        }
        for (String service : AUTOSCALED) {
            boolean scaled = manifest.all("HorizontalPodAutoscaler").stream()
                    .anyMatch(h -> service.equals(h.path("spec").path("scaleTargetRef").path("name").asText()));
            if (!scaled) {
                problem("Deployment/" + service + ": no HorizontalPodAutoscaler");
            }
        }
    }

    private void ingress() {
        for (ObjectNode ingress : manifest.all("Ingress")) {
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                for (JsonNode path : rule.path("http").path("paths")) {
                    String p = path.path("path").asText();
                    if (p.equals("/") || p.startsWith("/q")) {
                        problem(Manifest.id(ingress) + ": " + rule.path("host").asText() + p
                                + " exposes /q (health, metrics, OpenAPI), which stays inside the cluster");
                    }
                    JsonNode backend = path.path("backend").path("service");
                    Optional<ObjectNode> service = manifest.find("Service", backend.path("name").asText());
                    if (service.isEmpty()) {
                        problem(Manifest.id(ingress) + ": backend Service " + backend.path("name").asText() + " is not in the manifest");
                        continue;
                    }
                    JsonNode port = backend.path("port");
                    boolean portOk = false;
                    for (JsonNode p2 : service.get().path("spec").path("ports")) {
                        portOk |= port.has("name") ? port.path("name").asText().equals(p2.path("name").asText())
                                : port.path("number").asInt() == p2.path("port").asInt();
                    }
                    if (!portOk) {
                        problem(Manifest.id(ingress) + ": backend port " + port + " is not a port of Service " + backend.path("name").asText());
                    }
                }
            }
        }
    }

    // --------------------------------------------------------------------------------------------- references

    /** A Secret or ConfigMap that an object needs. */
    record Reference(String kind, String name, String key, String from) {
    }

    /** Every Secret and ConfigMap that the manifest's objects refer to (keys where a key is named). */
    static List<Reference> references(Manifest manifest) {
        List<Reference> refs = new ArrayList<>();
        for (ObjectNode deployment : manifest.all("Deployment")) {
            String from = Manifest.id(deployment);
            JsonNode spec = deployment.path("spec").path("template").path("spec");
            for (JsonNode container : spec.path("containers")) {
                for (JsonNode e : container.path("env")) {
                    JsonNode s = e.path("valueFrom").path("secretKeyRef");
                    JsonNode c = e.path("valueFrom").path("configMapKeyRef");
                    if (!s.isMissingNode()) {
                        refs.add(new Reference("Secret", s.path("name").asText(), s.path("key").asText(), from));
                    }
                    if (!c.isMissingNode()) {
                        refs.add(new Reference("ConfigMap", c.path("name").asText(), c.path("key").asText(), from));
                    }
                }
                for (JsonNode e : container.path("envFrom")) {
                    if (e.has("secretRef")) {
                        refs.add(new Reference("Secret", e.path("secretRef").path("name").asText(), null, from));
                    }
                    if (e.has("configMapRef")) {
                        refs.add(new Reference("ConfigMap", e.path("configMapRef").path("name").asText(), null, from));
                    }
                }
            }
            for (JsonNode volume : spec.path("volumes")) {
                if (volume.has("secret")) {
                    refs.add(new Reference("Secret", volume.path("secret").path("secretName").asText(), null, from));
                }
                if (volume.has("configMap")) {
                    refs.add(new Reference("ConfigMap", volume.path("configMap").path("name").asText(), null, from));
                }
            }
        }
        for (ObjectNode cluster : manifest.all("Cluster")) {
            for (JsonNode role : cluster.path("spec").path("managed").path("roles")) {
                if (role.has("passwordSecret")) {
                    refs.add(new Reference("Secret", role.path("passwordSecret").path("name").asText(), "password",
                            Manifest.id(cluster)));
                }
            }
        }
        for (ObjectNode ingress : manifest.all("Ingress")) {
            for (JsonNode tls : ingress.path("spec").path("tls")) {
                refs.add(new Reference("Secret", tls.path("secretName").asText(), null, Manifest.id(ingress)));
            }
        }
        return refs;
    }

    /** Secrets written by the Strimzi operators, with their keys: the KafkaUsers' and the cluster CA's. */
    static Map<String, Set<String>> operatorSecrets(Manifest manifest) {
        Map<String, Set<String>> secrets = new TreeMap<>();
        for (ObjectNode user : manifest.all("KafkaUser")) {
            secrets.put(Manifest.name(user), "tls".equals(user.path("spec").path("authentication").path("type").asText())
                    ? Set.of("ca.crt", "user.crt", "user.key", "user.p12", "user.password")
                    : Set.of("password", "sasl.jaas.config"));
        }
        for (ObjectNode kafka : manifest.all("Kafka")) {
            secrets.put(Manifest.name(kafka) + "-cluster-ca-cert", Set.of("ca.crt", "ca.p12", "ca.password"));
        }
        return secrets;
    }

    /** The referenced Secrets and ConfigMaps that neither the manifest nor an operator provides ("kind/name"). */
    static Set<String> externalReferences(Manifest manifest) {
        Map<String, Set<String>> operator = operatorSecrets(manifest);
        Set<String> external = new TreeSet<>();
        for (Reference ref : references(manifest)) {
            boolean rendered = manifest.find(ref.kind(), ref.name()).isPresent();
            boolean byOperator = ref.kind().equals("Secret") && operator.containsKey(ref.name());
            if (!rendered && !byOperator) {
                external.add(ref.kind() + "/" + ref.name());
            }
        }
        return external;
    }

    private void references() {
        Map<String, Set<String>> operator = operatorSecrets(manifest);
        for (Reference ref : references(manifest)) {
            Optional<ObjectNode> target = manifest.find(ref.kind(), ref.name());
            if (target.isPresent() && ref.key() != null) {
                Set<String> keys = ref.kind().equals("Secret") ? secretData(target.get()).keySet()
                        : mapOf(target.get().path("data")).keySet();
                if (!keys.contains(ref.key())) {
                    problem(ref.from() + ": " + ref.kind() + "/" + ref.name() + " has no key " + ref.key());
                }
            } else if (target.isEmpty() && ref.kind().equals("Secret") && operator.containsKey(ref.name())
                    && ref.key() != null && !operator.get(ref.name()).contains(ref.key())) {
                problem(ref.from() + ": the operator's Secret " + ref.name() + " has no key " + ref.key()
                        + " (it has " + operator.get(ref.name()) + ")");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static Map<String, String> secretData(JsonNode secret) {
        Map<String, String> data = new TreeMap<>();
        secret.path("data").properties().forEach(e -> data.put(e.getKey(),
                new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8)));
        secret.path("stringData").properties().forEach(e -> data.put(e.getKey(), e.getValue().asText()));
        return data;
    }

    private static String label(JsonNode object, String key) {
        return object.path("metadata").path("labels").path(key).asText();
    }

    private static Map<String, String> labels(JsonNode object) {
        return mapOf(object.path("metadata").path("labels"));
    }

    private static Map<String, String> mapOf(JsonNode node) {
        Map<String, String> map = new TreeMap<>();
        node.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static boolean subset(Map<String, String> selector, Map<String, String> labels) {
        return labels.entrySet().containsAll(selector.entrySet());
    }

    /** A label selector with matchLabels only (matchExpressions are not used here and count as no match). */
    private static boolean matches(JsonNode selector, Map<String, String> labels) {
        if (selector.has("matchExpressions") || !selector.has("matchLabels")) {
            return false;
        }
        Map<String, String> match = mapOf(selector.path("matchLabels"));
        return !match.isEmpty() && subset(match, labels);
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static Set<String> kafkaClientSettings() {
        Set<String> names = new TreeSet<>();
        names.addAll(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return names;
    }
}
