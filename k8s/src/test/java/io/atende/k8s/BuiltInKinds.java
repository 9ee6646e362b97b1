package io.atende.k8s;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Checks objects of Kubernetes' own kinds against fabric8's typed models. The models accept any unknown field into an
 * {@code additionalProperties} map (so FAIL_ON_UNKNOWN_PROPERTIES alone catches nothing): after binding, every such
 * map in the object graph must be empty, which is what the API server's strict field validation would demand.
 */
final class BuiltInKinds {

    /** apiVersion + kind of every built-in kind the manifests may use, and its model. */
    private static final Map<String, Class<?>> MODELS = Map.of(
            "v1 Namespace", Namespace.class,
            "v1 ConfigMap", ConfigMap.class,
            "v1 Secret", Secret.class,
            "v1 Service", Service.class,
            "apps/v1 Deployment", Deployment.class,
            "policy/v1 PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2 HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "networking.k8s.io/v1 NetworkPolicy", NetworkPolicy.class,
            "networking.k8s.io/v1 Ingress", Ingress.class);

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private BuiltInKinds() {
    }

    static boolean isBuiltIn(JsonNode object) {
        return MODELS.containsKey(key(object));
    }

    static boolean isBuiltInGroup(String apiVersion) {
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return group.isEmpty() || !group.contains(".") || group.endsWith(".k8s.io");
    }

    /** Problems of one built-in object: no model for its kind, a field of the wrong type, an unknown field. */
    static List<String> validate(JsonNode object) {
        Class<?> model = MODELS.get(key(object));
        if (model == null) {
            return List.of(Manifest.id(object) + ": no typed model for " + key(object)
                    + " (not a kind these checks know, or a wrong apiVersion)");
        }
        return bind(Manifest.id(object), object, model);
    }

    /** The metadata of any object, custom resources included (their CRD schemas declare metadata as a bare object). */
    static List<String> validateMetadata(JsonNode object) {
        return bind(Manifest.id(object), object.path("metadata"), ObjectMeta.class).stream()
                .map(problem -> problem.replaceFirst(": unknown field ", ": unknown field metadata."))
                .toList();
    }

    private static List<String> bind(String id, JsonNode tree, Class<?> model) {
        Object bound;
        try {
            bound = STRICT.treeToValue(tree, model);
        } catch (Exception e) {
            return List.of(id + ": does not bind to " + model.getSimpleName() + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        List<String> problems = new ArrayList<>();
        unknownFields(bound, "", id, problems);
        return problems;
    }

    private static String key(JsonNode object) {
        return object.path("apiVersion").asText() + " " + object.path("kind").asText();
    }

    private static void unknownFields(Object value, String path, String id, List<String> problems) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", id, problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "[" + k + "]", id, problems));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = getter.getName();
            if (name.equals("getAdditionalProperties")) {
                Map<?, ?> unknown = (Map<?, ?>) invoke(getter, value);
                if (unknown != null) {
                    unknown.keySet().forEach(field -> problems.add(id + ": unknown field "
                            + (path.isEmpty() ? "" : path + ".") + field));
                }
            } else if (name.startsWith("get") && name.length() > 3) {
                Object child = invoke(getter, value);
                String field = Character.toLowerCase(name.charAt(3)) + name.substring(4);
                unknownFields(child, path.isEmpty() ? field : path + "." + field, id, problems);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }
}
