package io.atende.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Kafka contract as contracts/src/main/resources/asyncapi.yaml states it: every topic (channel address), and per
 * service (operation x-atende-service) the topics it sends to and receives from.
 */
final class TopicContract {

    final Set<String> topics = new TreeSet<>();
    final Map<String, Set<String>> sends = new TreeMap<>();
    final Map<String, Set<String>> receives = new TreeMap<>();

    static TopicContract load() {
        return load(Repo.root().resolve("contracts/src/main/resources/asyncapi.yaml"));
    }

    static TopicContract load(Path file) {
        JsonNode document;
        try {
            document = Manifest.YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        TopicContract contract = new TopicContract();
        Map<String, String> addresses = new TreeMap<>();
        document.path("channels").properties().forEach(channel -> {
            String address = channel.getValue().path("address").asText();
            addresses.put(channel.getKey(), address);
            contract.topics.add(address);
        });
        document.path("operations").properties().forEach(operation -> {
            JsonNode op = operation.getValue();
            String ref = op.path("channel").path("$ref").asText();
            String address = addresses.get(ref.substring(ref.lastIndexOf('/') + 1));
            String service = op.path("x-atende-service").asText();
            if (address == null || service.isEmpty()) {
                throw new IllegalStateException("asyncapi operation " + operation.getKey() + " names no known channel or service");
            }
            Map<String, Set<String>> byAction = switch (op.path("action").asText()) {
                case "send" -> contract.sends;
                case "receive" -> contract.receives;
                default -> throw new IllegalStateException("asyncapi operation " + operation.getKey() + ": unknown action");
            };
            byAction.computeIfAbsent(service, s -> new TreeSet<>()).add(address);
        });
        return contract;
    }

    Set<String> sends(String service) {
        return sends.getOrDefault(service, Set.of());
    }

    Set<String> receives(String service) {
        return receives.getOrDefault(service, Set.of());
    }
}
