package io.atende.k8s;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service's src/main/resources/application.properties says that the manifests must agree with: its Kafka
 * channels (topics, dead-letter topics, consumer groups), the ATENDE_* variables it reads and their defaults.
 * Profile keys (%dev., %test.) are ignored, except %prod., the profile a deployed service runs.
 */
final class ServiceProperties {

    /** The four services: module folder = quarkus.application.name = Deployment = KafkaUser. */
    static final java.util.List<String> SERVICES = java.util.List.of(
            "channel-gateway", "ticketing-service", "sla-service", "reporting-service");

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{(ATENDE_[A-Z0-9_]+)(?::([^}]*))?}");
    private static final Pattern CHANNEL_KEY = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.(.+)");

    record Incoming(String channel, String topic, String groupId, String deadLetterTopic) {
    }

    record Outgoing(String channel, String topic) {
    }

    final String service;
    final String applicationName;
    final Map<String, String> properties;
    /** Every ATENDE_ variable named anywhere in the file (profile lines included), with its default if given. */
    final Map<String, String> envDefaults;
    final Map<String, Incoming> incoming;
    final Map<String, Outgoing> outgoing;

    private ServiceProperties(String service, String text) {
        this.service = service;
        Properties raw = new Properties();
        try (Reader reader = new StringReader(text)) {
            raw.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> effective = new TreeMap<>();
        raw.stringPropertyNames().stream().filter(k -> !k.startsWith("%")).forEach(k -> effective.put(k, raw.getProperty(k)));
        raw.stringPropertyNames().stream().filter(k -> k.startsWith("%prod."))
                .forEach(k -> effective.put(k.substring("%prod.".length()), raw.getProperty(k)));
        this.properties = effective;
        this.applicationName = effective.getOrDefault("quarkus.application.name", service);

        Map<String, String> env = new TreeMap<>();
        raw.stringPropertyNames().forEach(k -> {
            Matcher m = ENV_REFERENCE.matcher(raw.getProperty(k));
            while (m.find()) {
                String previous = env.get(m.group(1));
                env.put(m.group(1), m.group(2) != null ? m.group(2) : previous);
            }
        });
        // The non-profile default wins over a profile's.
        raw.stringPropertyNames().stream().filter(k -> !k.startsWith("%")).forEach(k -> {
            Matcher m = ENV_REFERENCE.matcher(raw.getProperty(k));
            while (m.find()) {
                if (m.group(2) != null) {
                    env.put(m.group(1), m.group(2));
                }
            }
        });
        this.envDefaults = env;

        Set<String> inChannels = new LinkedHashSet<>();
        Set<String> outChannels = new LinkedHashSet<>();
        effective.keySet().forEach(k -> {
            Matcher m = CHANNEL_KEY.matcher(k);
            if (m.matches()) {
                (m.group(1).equals("incoming") ? inChannels : outChannels).add(m.group(2));
            }
        });
        Map<String, Incoming> in = new LinkedHashMap<>();
        for (String channel : inChannels) {
            String prefix = "mp.messaging.incoming." + channel + ".";
            String topic = effective.getOrDefault(prefix + "topic", channel);
            // Quarkus gives a consumer without group.id the application's name.
            String group = effective.getOrDefault(prefix + "group.id", applicationName);
            String dlq = null;
            if ("dead-letter-queue".equals(effective.get(prefix + "failure-strategy"))) {
                // SmallRye's default dead-letter topic when none is named.
                dlq = effective.getOrDefault(prefix + "dead-letter-queue.topic", "dead-letter-topic-" + channel);
            }
            in.put(channel, new Incoming(channel, topic, group, dlq));
        }
        this.incoming = in;
        Map<String, Outgoing> out = new LinkedHashMap<>();
        for (String channel : outChannels) {
            out.put(channel, new Outgoing(channel, effective.getOrDefault("mp.messaging.outgoing." + channel + ".topic", channel)));
        }
        this.outgoing = out;
    }

    static ServiceProperties of(String service) {
        return parse(service, Repo.root().resolve(service).resolve("src/main/resources/application.properties"));
    }

    static ServiceProperties parse(String service, Path file) {
        try {
            return new ServiceProperties(service, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static ServiceProperties fromText(String service, String text) {
        return new ServiceProperties(service, text);
    }

    /** The default of ${ATENDE_HTTP_PORT:...} in quarkus.http.port: the port the container listens on. */
    int defaultHttpPort() {
        String port = properties.get("quarkus.http.port");
        if (port == null) {
            return 8080;
        }
        Matcher m = ENV_REFERENCE.matcher(port);
        String value = m.matches() ? m.group(2) : port;
        if (value == null) {
            throw new IllegalStateException(service + ": quarkus.http.port has no default: " + port);
        }
        return Integer.parseInt(value.trim());
    }

    /** The database the service's default reactive URL names (atende_gateway ...). */
    String databaseName() {
        String url = envDefaults.get("ATENDE_DB_REACTIVE_URL");
        if (url == null) {
            throw new IllegalStateException(service + ": no default for ATENDE_DB_REACTIVE_URL");
        }
        String path = url.substring(url.lastIndexOf('/') + 1);
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    /** Where Prometheus scrapes: a relative path is under the non-application root /q. */
    String metricsPath() {
        String path = properties.getOrDefault("quarkus.micrometer.export.prometheus.path", "metrics");
        return path.startsWith("/") ? path : "/q/" + path;
    }
}
