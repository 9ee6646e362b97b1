package io.atende.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * Validates custom resources offline against the upstream CRDs (shared/k8s-crds): a resource's apiVersion and kind
 * must match a served version of a CRD, and it must satisfy that version's openAPIV3Schema.
 *
 * <p>The CRD schemas are structural: the API server prunes (or, with strict field validation, rejects) every field a
 * schema does not declare, unless the schema says {@code x-kubernetes-preserve-unknown-fields: true}. A plain JSON
 * Schema validator allows unknown fields, so before use each object schema that declares {@code properties} gets
 * {@code additionalProperties: false}, except where unknown fields are preserved. CEL rules
 * ({@code x-kubernetes-validations}) are not evaluated.
 */
final class CrdSchemas {

    private final Map<String, Schema> schemas = new HashMap<>();
    private final Set<String> groups = new HashSet<>();

    private CrdSchemas() {
    }

    static CrdSchemas load(Path dir) {
        CrdSchemas crds = new CrdSchemas();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode crd = Manifest.YAML.readTree(file.toFile());
                if (crd == null || !"CustomResourceDefinition".equals(crd.path("kind").asText())) {
                    continue;
                }
                String group = crd.path("spec").path("group").asText();
                String kind = crd.path("spec").path("names").path("kind").asText();
                crds.groups.add(group);
                for (JsonNode version : crd.path("spec").path("versions")) {
                    if (!version.path("served").asBoolean()) {
                        continue;
                    }
                    ObjectNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
                    closeObjects(schema);
                    crds.schemas.put(group + "/" + version.path("name").asText() + " " + kind, registry.getSchema(schema));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CRDs in " + dir, e);
        }
        if (crds.schemas.isEmpty()) {
            throw new IllegalStateException("no CustomResourceDefinition in " + dir);
        }
        return crds;
    }

    int size() {
        return schemas.size();
    }

    /** Whether the object's API group is one these CRDs define (so it is a custom resource to check here). */
    boolean definesGroupOf(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        return apiVersion.contains("/") && groups.contains(apiVersion.substring(0, apiVersion.indexOf('/')));
    }

    List<String> validate(JsonNode object) {
        String key = object.path("apiVersion").asText() + " " + object.path("kind").asText();
        Schema schema = schemas.get(key);
        if (schema == null) {
            return List.of(Manifest.id(object) + ": no served CRD version for " + key + " (served: "
                    + schemas.keySet().stream().filter(k -> k.endsWith(" " + object.path("kind").asText())).sorted().toList()
                    + ")");
        }
        List<String> problems = new ArrayList<>();
        schema.validate(object).forEach(error -> problems.add(Manifest.id(object) + ": " + error));
        return problems;
    }

    /**
     * Adds additionalProperties: false to every object schema with declared properties, walking the structural
     * parts of the schema (properties, items, additionalProperties). Value validations inside allOf/anyOf/oneOf/not
     * are left alone: in a structural schema they may name only properties declared outside them.
     */
    static void closeObjects(JsonNode node) {
        if (!(node instanceof ObjectNode schema)) {
            return;
        }
        JsonNode properties = schema.get("properties");
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (properties != null && properties.isObject()) {
            if (!preserve && !schema.has("additionalProperties")) {
                schema.put("additionalProperties", false);
            }
            for (Iterator<JsonNode> it = properties.elements(); it.hasNext();) {
                closeObjects(it.next());
            }
        }
        JsonNode items = schema.get("items");
        if (items != null) {
            if (items.isArray()) {
                items.forEach(CrdSchemas::closeObjects);
            } else {
                closeObjects(items);
            }
        }
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null && additional.isObject()) {
            closeObjects(additional);
        }
    }
}
