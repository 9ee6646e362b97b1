package io.atende.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The objects of one rendered overlay, as JSON trees (so that a test can change a copy and check it again). */
final class Manifest {

    static final YAMLMapper YAML = new YAMLMapper();

    private final List<ObjectNode> objects;

    private Manifest(List<ObjectNode> objects) {
        this.objects = objects;
    }

    static Manifest parse(String yaml) {
        List<ObjectNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isNull() || document.isMissingNode()) {
                    continue;
                }
                if (!document.isObject()) {
                    throw new IllegalArgumentException("a document that is not an object: " + document);
                }
                objects.add((ObjectNode) document);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rendered YAML does not parse", e);
        }
        return new Manifest(objects);
    }

    static Manifest overlay(String name) {
        return parse(Kubectl.kustomize(Repo.overlay(name)));
    }

    /** A deep copy, for tests that break something on purpose. */
    Manifest copy() {
        return new Manifest(objects.stream().map(ObjectNode::deepCopy).collect(java.util.stream.Collectors.toCollection(ArrayList::new)));
    }

    List<ObjectNode> objects() {
        return objects;
    }

    List<ObjectNode> all(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    Optional<ObjectNode> find(String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText()) && name.equals(name(o)))
                .findFirst();
    }

    ObjectNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the manifest"));
    }

    void remove(Predicate<ObjectNode> which) {
        objects.removeIf(which);
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + name(object);
    }
}
