package io.atende.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.atende.contracts.ContractFixturesTest.Fixture;
import io.atende.contracts.channel.DeliveryStatus;
import io.atende.contracts.channel.MessageDeliveryUpdated;
import io.atende.contracts.testing.TopicPayloads;

/**
 * Keeps {@code asyncapi.yaml}, the contract a channel in another language is written from, honest: every topic and
 * dead-letter topic has a channel, every event type a message and a schema whose fields, types and required fields
 * are those of its record, and every fixture is a valid example of it.
 */
class AsyncApiDocumentTest {

    private static final String DOCUMENT = "/asyncapi.yaml";
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String MESSAGES = "#/components/messages/";

    private static JsonNode doc;

    @BeforeAll
    static void parseDocument() throws IOException {
        YAMLMapper yaml = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream(DOCUMENT)) {
            assertThat(in).as("%s on the classpath", DOCUMENT).isNotNull();
            doc = yaml.readTree(in);
        }
        assertThat(doc.path("asyncapi").asText()).startsWith("3.0.");
    }

    // ---- what the tests range over ---------------------------------------------------------------------------

    /** Every concrete event type of every topic, discovered as {@link ContractFixturesTest} does. */
    static Stream<Fixture> everyEventType() {
        return ContractFixturesTest.everyEventType();
    }

    /** The event records and every record they nest (ChannelRef, ContactRef, MediaRef, the snapshots, ...). */
    static Stream<Class<?>> everyRecordType() {
        return reachableTypes().stream().filter(Class::isRecord);
    }

    static Stream<Class<?>> everyEnumType() {
        return reachableTypes().stream().filter(Class::isEnum);
    }

    private static Set<Class<?>> reachableTypes() {
        Set<Class<?>> found = new LinkedHashSet<>();
        everyEventType().map(Fixture::type).forEach(type -> collect(type, found));
        return found;
    }

    private static void collect(Class<?> type, Set<Class<?>> found) {
        if ((type.isRecord() || type.isEnum()) && found.add(type) && type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                collect(component.getType(), found);
            }
        }
    }

    // ---- (1) channels -----------------------------------------------------------------------------------------

    @Test
    void everyTopicHasAChannel() {
        assertThat(channelAddresses()).containsAll(Topics.ALL);
    }

    @Test
    void everyDeadLetterTopicHasAChannel() {
        assertThat(channelAddresses()).containsAll(Topics.ALL.stream().map(Topics::deadLetter).toList());
    }

    @Test
    void everyChannelIsATopicOrItsDeadLetterTopic() {
        List<String> topics = Stream.concat(Topics.ALL.stream(), Topics.ALL.stream().map(Topics::deadLetter)).toList();

        assertThat(channelAddresses()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(topics);
    }

    @Test
    void everyTopicChannelCarriesExactlyItsEventTypes() {
        for (String topic : Topics.ALL) {
            Set<String> types = everyEventType().filter(fixture -> fixture.topic().equals(topic))
                    .map(fixture -> fixture.type().getSimpleName()).collect(Collectors.toSet());
            JsonNode messages = channel(topic).path("messages");

            assertThat(fieldNames(messages)).as("messages of %s", topic).containsExactlyInAnyOrderElementsOf(types);
            messages.properties().forEach(entry -> assertThat(entry.getValue().path("$ref").asText())
                    .as("%s message %s", topic, entry.getKey()).isEqualTo(MESSAGES + entry.getKey()));

            JsonNode deadLetters = channel(Topics.deadLetter(topic)).path("messages");
            assertThat(deadLetters.size()).as("messages of %s", Topics.deadLetter(topic)).isEqualTo(1);
            assertThat(deadLetters.elements().next().path("$ref").asText()).isEqualTo(MESSAGES + "DeadLetter");
        }
    }

    // ---- (2) a message and a schema per event type -------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEventType")
    void everyEventTypeHasAMessageAndASchema(Fixture fixture) {
        String type = fixture.type().getSimpleName();
        JsonNode message = doc.path("components").path("messages").path(type);

        assertThat(message.isObject()).as("components/messages/%s", type).isTrue();
        assertThat(message.path("name").asText()).isEqualTo(type);
        assertThat(message.path("payload").path("$ref").asText()).isEqualTo(SCHEMAS + type);
        assertThat(schema(type).path("type").asText()).as("schema %s", type).isEqualTo("object");
        assertThat(resolve(message.path("bindings").path("kafka").path("key")).path("type").asText())
                .as("%s: the kafka binding describes the key", type).isEqualTo("string");
        assertThat(parts(message.path("headers")).stream().map(part -> part.path("properties").path("ce_type"))
                .filter(ceType -> ceType.has("const")).map(ceType -> ceType.get("const").asText()))
                .as("%s: its headers pin ce_type", type).containsExactly(type);
        assertThat(parts(message.path("headers"))).as("%s: headers are CloudEvents headers", type)
                .contains(schema("CloudEventHeaders"));
    }

    // ---- (3) schemas mirror the records ------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRecordType")
    void schemaPropertiesMatchTheRecordComponents(Class<?> record) {
        Set<String> expected = Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        discriminatorOf(record).ifPresent(expected::add);

        assertThat(fieldNames(schema(record.getSimpleName()).path("properties")))
                .as("properties of schema %s", record.getSimpleName()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRecordType")
    void schemaPropertyTypesMatchTheComponentTypes(Class<?> record) {
        JsonNode properties = schema(record.getSimpleName()).path("properties");
        for (RecordComponent component : record.getRecordComponents()) {
            Class<?> type = component.getType();
            JsonNode property = properties.path(component.getName());
            String what = record.getSimpleName() + "." + component.getName();

            if (type.isRecord() || type.isEnum()) {
                assertThat(refOf(property)).as("%s refers to its type", what).isEqualTo(SCHEMAS + type.getSimpleName());
                continue;
            }
            String[] expected = jsonTypeOf(type);
            assertThat(expected).as("%s: a JSON mapping for %s", what, type.getName()).isNotNull();
            assertThat(property.path("type").asText()).as("%s type", what).isEqualTo(expected[0]);
            assertThat(property.path("format").isMissingNode() ? null : property.path("format").asText())
                    .as("%s format", what).isEqualTo(expected[1]);
            assertThat(property.has("enum") || property.has("const"))
                    .as("%s: a Java %s takes any value", what, type.getSimpleName()).isFalse();
            if (type.isPrimitive()) {
                JsonNode defaultValue = property.path("default");
                assertThat(type == boolean.class ? defaultValue.isBoolean() && !defaultValue.asBoolean()
                        : defaultValue.isIntegralNumber() && defaultValue.asLong() == 0)
                        .as("%s: an absent %s reads as %s", what, type, type == boolean.class ? "false" : "0").isTrue();
            } else {
                assertThat(property.has("default")).as("%s: an absent %s is absent, not a default", what, type)
                        .isFalse();
            }
        }
        discriminatorOf(record).ifPresent(discriminator -> {
            JsonNode schema = schema(record.getSimpleName());
            assertThat(schema.path("properties").path(discriminator).path("const").asText())
                    .as("%s pins %s", record.getSimpleName(), discriminator).isEqualTo(record.getSimpleName());
            assertThat(textValues(schema.path("required"))).contains(discriminator);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEnumType")
    void enumSchemasListTheEnumConstants(Class<?> enumType) {
        JsonNode schema = schema(enumType.getSimpleName());
        List<String> constants = Arrays.stream(enumType.getEnumConstants()).map(value -> ((Enum<?>) value).name())
                .toList();

        assertThat(schema.path("type").asText()).isEqualTo("string");
        assertThat(textValues(schema.path("enum"))).containsExactlyElementsOf(constants);
    }

    @Test
    void sealedTopicsHaveAUnionSchemaOfTheirSubtypes() {
        TopicPayloads.BY_TOPIC.values().stream().filter(Class::isInterface).forEach(payload -> {
            JsonNode union = schema(payload.getSimpleName());
            String discriminator = payload.getAnnotation(JsonTypeInfo.class).property();
            List<String> subtypes = everyEventType().map(Fixture::type).filter(payload::isAssignableFrom)
                    .map(Class::getSimpleName).toList();

            assertThat(union.path("discriminator").asText()).isEqualTo(discriminator);
            assertThat(textValues(union.path("required"))).contains(discriminator);
            assertThat(textValues(union.path("properties").path(discriminator).path("enum")))
                    .as("%s types", payload.getSimpleName()).containsExactlyInAnyOrderElementsOf(subtypes);
            assertThat(StreamSupport.stream(union.path("oneOf").spliterator(), false).map(AsyncApiDocumentTest::refOf))
                    .as("%s alternatives", payload.getSimpleName())
                    .containsExactlyInAnyOrderElementsOf(subtypes.stream().map(name -> SCHEMAS + name).toList());
        });
    }

    // ---- (4) fixtures are valid, required is what the records enforce ---------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEventType")
    void fixtureMatchesItsSchema(Fixture fixture) throws IOException {
        JsonNode json = JsonCodec.mapper().readTree(fixture.json());
        JsonNode schema = schema(fixture.type().getSimpleName());

        assertThat(unknownProperties(json, List.of(schema), "")).as("properties the schema does not name").isEmpty();
        assertThat(missingRequired(json, List.of(schema), "")).as("required properties missing").isEmpty();
        assertThat(errors(json, schema)).as("schema violations").isEmpty();
        Class<? extends Event> payload = TopicPayloads.BY_TOPIC.get(fixture.topic());
        if (payload.isInterface()) {
            assertThat(errors(json, schema(payload.getSimpleName()))).as("as any %s", payload.getSimpleName())
                    .isEmpty();
        }
    }

    /**
     * Removes each field of the fixture, at every depth, and reads the rest: a consumer rejects the record exactly
     * when the schema says the field is required.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEventType")
    void requiredListsExactlyTheFieldsTheRecordsEnforce(Fixture fixture) throws IOException {
        ObjectNode json = (ObjectNode) JsonCodec.mapper().readTree(fixture.json());

        checkRequired(json, List.of(), List.of(schema(fixture.type().getSimpleName())),
                TopicPayloads.BY_TOPIC.get(fixture.topic()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DeliveryStatus.class)
    void receiptsRequireAReasonExactlyWhenTheRecordDoes(DeliveryStatus status) throws IOException {
        ObjectNode json = (ObjectNode) JsonCodec.mapper()
                .readTree(new Fixture(Topics.CHANNEL_DELIVERY, MessageDeliveryUpdated.class).json());
        json.put("status", status.name());
        json.remove("reason");

        assertThat(rejects(json, MessageDeliveryUpdated.class))
                .isEqualTo(requiredOf(List.of(schema("MessageDeliveryUpdated")), json).contains("reason"));
    }

    // ---- examples, headers and keys ------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEventType")
    void messageExampleIsTheFixtureWithItsHeadersAndKey(Fixture fixture) throws IOException {
        String type = fixture.type().getSimpleName();
        JsonNode message = doc.path("components").path("messages").path(type);
        JsonNode json = JsonCodec.mapper().readTree(fixture.json());
        Event event = JsonCodec.read(fixture.json(), TopicPayloads.BY_TOPIC.get(fixture.topic()));

        JsonNode example = StreamSupport.stream(message.path("examples").spliterator(), false)
                .filter(candidate -> candidate.path("payload").equals(json)).findFirst().orElse(null);
        assertThat(example).as("an example of %s whose payload is the fixture %s", type, fixture.path()).isNotNull();

        JsonNode headers = example.path("headers");
        assertThat(errors(headers, message.path("headers"))).as("example headers").isEmpty();
        assertThat(headers.path(CloudEventHeaders.ID).asText()).isEqualTo(event.eventId().toString());
        assertThat(headers.path(CloudEventHeaders.TYPE).asText()).isEqualTo(Event.typeOf(event));
        assertThat(Instant.parse(headers.path(CloudEventHeaders.TIME).asText())).isEqualTo(event.occurredAt());
        assertThat(headers.path(CloudEventHeaders.SUBJECT).asText()).isEqualTo(event.partitionKey());
        assertThat(headers.path(CloudEventHeaders.SOURCE).asText())
                .as("ce_source names a producer of %s", fixture.topic())
                .isIn(services(fixture.topic(), "send").stream().map(service -> "urn:atende:" + service).toList());

        JsonNode key = resolve(message.path("bindings").path("kafka").path("key"));
        assertThat(textValues(key.path("examples"))).as("%s key examples", type).contains(event.partitionKey());
        assertThat(errors(new TextNode(event.partitionKey()), key)).as("the key").isEmpty();
    }

    @Test
    void cloudEventHeadersAreTheContractsHeaders() throws IllegalAccessException {
        JsonNode schema = schema("CloudEventHeaders");
        for (Field field : CloudEventHeaders.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.get(null) instanceof String name
                    && name.startsWith("ce_")) {
                assertThat(schema.path("properties").has(name)).as("header %s", name).isTrue();
            }
        }
        assertThat(schema.path("properties").path(CloudEventHeaders.SPEC_VERSION).path("const").asText())
                .isEqualTo(CloudEventHeaders.SPEC_VERSION_1_0);
        assertThat(schema.path("properties").path("content-type").path("const").asText()).isEqualTo("application/json");
        assertThat(textValues(schema.path("required"))).contains(CloudEventHeaders.ID, CloudEventHeaders.TYPE,
                CloudEventHeaders.SOURCE, CloudEventHeaders.SPEC_VERSION);
    }

    @Test
    void deadLetterExampleIsARealRejection() {
        JsonNode example = doc.path("components").path("messages").path("DeadLetter").path("examples").get(0);
        JsonNode headers = example.path("headers");
        String topic = headers.path("dead-letter-topic").asText();
        assertThat(Topics.ALL).contains(topic);
        assertThat(errors(headers, schema("DeadLetterHeaders"))).isEmpty();
        assertThat(errors(headers, schema("CloudEventHeaders"))).as("the original headers, copied").isEmpty();

        Throwable failure = catchThrowable(
                () -> JsonCodec.read(example.path("payload").toString(), TopicPayloads.BY_TOPIC.get(topic)));

        assertThat(failure).as("%s rejects the example", topic).isInstanceOf(MalformedEventException.class);
        assertThat(headers.path("dead-letter-reason").asText()).isEqualTo(failure.getMessage());
        assertThat(headers.path("dead-letter-exception-class-name").asText()).isEqualTo(failure.getClass().getName());
        assertThat(headers.path("dead-letter-cause-class-name").asText())
                .isEqualTo(failure.getCause().getClass().getName());
        assertThat(failure.getCause().getMessage()).startsWith(headers.path("dead-letter-cause").asText());
    }

    // ---- operations ---------------------------------------------------------------------------------------------

    @Test
    void everyTopicHasAProducerAndAConsumer() {
        for (String topic : Topics.ALL) {
            assertThat(services(topic, "send")).as("producers of %s", topic).isNotEmpty();
            assertThat(services(topic, "receive")).as("consumers of %s", topic).isNotEmpty();
        }
        doc.path("operations").properties().forEach(entry -> {
            String service = entry.getValue().path("x-atende-service").asText();
            assertThat(service).as("x-atende-service of %s", entry.getKey()).isNotBlank();
            assertThat(entry.getValue().path("description").asText()).as("description of %s", entry.getKey())
                    .contains(service);
        });
    }

    @Test
    void deadLettersAreWrittenByTheConsumersOfTheirTopic() {
        for (String topic : Topics.ALL) {
            assertThat(services(Topics.deadLetter(topic), "send")).as("writers of %s", Topics.deadLetter(topic))
                    .containsExactlyInAnyOrderElementsOf(services(topic, "receive"));
            assertThat(services(Topics.deadLetter(topic), "receive")).isEmpty();
        }
    }

    @Test
    void operationsCarryTheMessagesOfTheirChannel() {
        doc.path("operations").properties().forEach(entry -> {
            JsonNode operation = entry.getValue();
            String channelRef = operation.path("channel").path("$ref").asText();
            JsonNode channel = at(channelRef);
            List<String> messages = StreamSupport.stream(operation.path("messages").spliterator(), false)
                    .map(message -> message.path("$ref").asText()).toList();

            assertThat(operation.path("action").asText()).as(entry.getKey()).isIn("send", "receive");
            assertThat(channel.isObject()).as("channel of %s", entry.getKey()).isTrue();
            assertThat(messages).as("messages of %s", entry.getKey()).containsExactlyInAnyOrderElementsOf(
                    fieldNames(channel.path("messages")).stream().map(name -> channelRef + "/messages/" + name)
                            .toList());
        });
    }

    // ---- the document as a whole ---------------------------------------------------------------------------------

    @Test
    void everyReferenceResolvesInsideTheDocument() {
        List<String> refs = new ArrayList<>();
        walk(doc, node -> {
            if (node.has("$ref")) {
                refs.add(node.get("$ref").asText());
            }
        });

        assertThat(refs).isNotEmpty().allSatisfy(ref -> {
            assertThat(ref).startsWith("#/");
            assertThat(at(ref).isMissingNode()).as("%s resolves", ref).isFalse();
        });
    }

    @Test
    void infoExplainsTheEnvelopeKeysAndDeadLetters() {
        JsonNode info = doc.path("info");
        String description = info.path("description").asText();

        assertThat(info.path("title").asText()).isEqualTo("Atende Kafka contract");
        assertThat(info.path("version").asText()).isEqualTo("1.0.0");
        assertThat(description).contains(fieldNames(schema("CloudEventHeaders").path("properties")));
        assertThat(description).contains(fieldNames(schema("DeadLetterHeaders").path("properties")));
        assertThat(description).contains(Topics.ALL).contains(".dlq", "eventId", "at least once");
    }

    // ---- a structural reading of the document's JSON Schemas ------------------------------------------------------

    private static List<String> channelAddresses() {
        return StreamSupport.stream(doc.path("channels").spliterator(), false)
                .map(channel -> channel.path("address").asText()).toList();
    }

    private static JsonNode channel(String address) {
        return StreamSupport.stream(doc.path("channels").spliterator(), false)
                .filter(channel -> channel.path("address").asText().equals(address)).findFirst()
                .orElseThrow(() -> new AssertionError("no channel with address " + address));
    }

    /** The x-atende-service of the operations of that action on the channel of that address. */
    private static Set<String> services(String address, String action) {
        Set<String> services = new TreeSet<>();
        doc.path("operations").forEach(operation -> {
            if (operation.path("action").asText().equals(action)
                    && at(operation.path("channel").path("$ref").asText()).path("address").asText().equals(address)) {
                services.add(operation.path("x-atende-service").asText());
            }
        });
        return services;
    }

    private static JsonNode schema(String name) {
        JsonNode schema = doc.path("components").path("schemas").path(name);
        assertThat(schema.isObject()).as("components/schemas/%s", name).isTrue();
        return schema;
    }

    private static JsonNode at(String ref) {
        return ref.startsWith("#/") ? doc.at(ref.substring(1)) : MissingNode.getInstance();
    }

    private static JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        for (int hops = 0; current.has("$ref"); hops++) {
            assertThat(hops).as("$ref chain").isLessThan(10);
            current = at(current.get("$ref").asText());
        }
        return current;
    }

    /** The schema and, through $ref and allOf, every schema it is the conjunction of. */
    private static List<JsonNode> parts(JsonNode schema) {
        List<JsonNode> parts = new ArrayList<>();
        JsonNode resolved = resolve(schema);
        parts.add(resolved);
        resolved.path("allOf").forEach(part -> parts.addAll(parts(part)));
        return parts;
    }

    /** The $ref of a property, directly or as the first reference of its allOf. */
    private static String refOf(JsonNode property) {
        if (property.has("$ref")) {
            return property.get("$ref").asText();
        }
        return StreamSupport.stream(property.path("allOf").spliterator(), false).filter(part -> part.has("$ref"))
                .map(part -> part.get("$ref").asText()).findFirst().orElse(null);
    }

    private static Set<String> propertyNames(List<JsonNode> schemas) {
        return schemas.stream().flatMap(schema -> parts(schema).stream())
                .flatMap(part -> fieldNames(part.path("properties")).stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<JsonNode> propertySchemas(List<JsonNode> schemas, String name) {
        return schemas.stream().flatMap(schema -> parts(schema).stream())
                .filter(part -> part.path("properties").has(name)).map(part -> part.path("properties").get(name))
                .toList();
    }

    /** The required property names of an object, including those an if/then adds for this very object. */
    private static Set<String> requiredOf(List<JsonNode> schemas, JsonNode object) {
        Set<String> required = new TreeSet<>();
        for (JsonNode schema : schemas) {
            for (JsonNode part : parts(schema)) {
                required.addAll(textValues(part.path("required")));
                if (part.has("if")) {
                    JsonNode branch = errors(object, part.get("if")).isEmpty() ? part.path("then") : part.path("else");
                    if (!branch.isMissingNode()) {
                        required.addAll(requiredOf(List.of(branch), object));
                    }
                }
            }
        }
        return required;
    }

    private static List<String> unknownProperties(JsonNode value, List<JsonNode> schemas, String path) {
        List<String> unknown = new ArrayList<>();
        if (value.isObject() && !schemas.isEmpty()) {
            Set<String> known = propertyNames(schemas);
            value.properties().forEach(entry -> {
                String child = path + "/" + entry.getKey();
                if (!known.contains(entry.getKey())) {
                    unknown.add(child);
                } else {
                    unknown.addAll(
                            unknownProperties(entry.getValue(), propertySchemas(schemas, entry.getKey()), child));
                }
            });
        }
        return unknown;
    }

    private static List<String> missingRequired(JsonNode value, List<JsonNode> schemas, String path) {
        List<String> missing = new ArrayList<>();
        if (value.isObject() && !schemas.isEmpty()) {
            requiredOf(schemas, value).stream().filter(name -> !value.has(name))
                    .forEach(name -> missing.add(path + "/" + name));
            value.properties().forEach(entry -> missing.addAll(missingRequired(entry.getValue(),
                    propertySchemas(schemas, entry.getKey()), path + "/" + entry.getKey())));
        }
        return missing;
    }

    private static void checkRequired(ObjectNode root, List<String> path, List<JsonNode> schemas, Class<?> payload) {
        JsonNode object = nodeAt(root, path);
        Set<String> required = requiredOf(schemas, object);
        for (String name : fieldNames(object)) {
            ObjectNode copy = root.deepCopy();
            ((ObjectNode) nodeAt(copy, path)).remove(name);
            String field = String.join(".", path) + (path.isEmpty() ? "" : ".") + name;

            assertThat(rejects(copy, payload)).as("%s without %s is rejected (the schema says %s)",
                    payload.getSimpleName(), field, required.contains(name) ? "required" : "optional")
                    .isEqualTo(required.contains(name));

            if (object.get(name).isObject()) {
                List<String> childPath = new ArrayList<>(path);
                childPath.add(name);
                checkRequired(root, childPath, propertySchemas(schemas, name), payload);
            }
        }
    }

    private static JsonNode nodeAt(JsonNode root, List<String> path) {
        JsonNode node = root;
        for (String name : path) {
            node = node.get(name);
        }
        return node;
    }

    private static boolean rejects(JsonNode json, Class<?> type) {
        try {
            JsonCodec.read(json.toString(), type);
            return false;
        } catch (MalformedEventException e) {
            return true;
        }
    }

    /**
     * Checks the JSON Schema keywords the document uses: $ref, allOf, oneOf, if/then/else, type, const, enum,
     * format, pattern, minimum, required and properties.
     */
    private static List<String> errors(JsonNode value, JsonNode schema) {
        List<String> errors = new ArrayList<>();
        validate(value, schema, "", errors);
        return errors;
    }

    private static void validate(JsonNode value, JsonNode schemaOrRef, String path, List<String> errors) {
        JsonNode schema = resolve(schemaOrRef);
        String where = path.isEmpty() ? "/" : path;
        schema.path("allOf").forEach(part -> validate(value, part, path, errors));
        if (schema.has("oneOf")) {
            long matching = StreamSupport.stream(schema.get("oneOf").spliterator(), false)
                    .filter(alternative -> errors(value, alternative).isEmpty()).count();
            if (matching != 1) {
                errors.add(where + ": matches " + matching + " of oneOf");
            }
        }
        if (schema.has("if")) {
            JsonNode branch = errors(value, schema.get("if")).isEmpty() ? schema.path("then") : schema.path("else");
            if (!branch.isMissingNode()) {
                validate(value, branch, path, errors);
            }
        }
        if (schema.has("type") && !hasType(value, schema.get("type").asText())) {
            errors.add(where + ": not a " + schema.get("type").asText() + ": " + value);
            return;
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            errors.add(where + ": not " + schema.get("const") + ": " + value);
        }
        if (schema.has("enum") && !textValues(schema.get("enum")).contains(value.asText())) {
            errors.add(where + ": not one of " + schema.get("enum") + ": " + value);
        }
        if (schema.has("format") && !hasFormat(value, schema.get("format").asText())) {
            errors.add(where + ": not a " + schema.get("format").asText() + ": " + value);
        }
        if (schema.has("pattern") && value.isTextual()
                && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
            errors.add(where + ": does not match " + schema.get("pattern").asText() + ": " + value);
        }
        if (schema.has("minimum") && value.isNumber() && value.asDouble() < schema.get("minimum").asDouble()) {
            errors.add(where + ": below " + schema.get("minimum") + ": " + value);
        }
        if (value.isObject()) {
            for (String name : textValues(schema.path("required"))) {
                if (!value.has(name)) {
                    errors.add(where + ": lacks required " + name);
                }
            }
            schema.path("properties").properties().forEach(entry -> {
                if (value.has(entry.getKey())) {
                    validate(value.get(entry.getKey()), entry.getValue(), path + "/" + entry.getKey(), errors);
                }
            });
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            default -> throw new AssertionError("unexpected JSON Schema type " + type);
        };
    }

    private static boolean hasFormat(JsonNode value, String format) {
        switch (format) {
            case "uuid":
                try {
                    return value.isTextual() && UUID.fromString(value.asText()).toString().equals(value.asText());
                } catch (IllegalArgumentException e) {
                    return false;
                }
            case "date-time":
                try {
                    return value.isTextual() && OffsetDateTime.parse(value.asText()) != null;
                } catch (DateTimeParseException e) {
                    return false;
                }
            case "int32":
                return value.canConvertToInt();
            case "int64":
                return value.canConvertToLong();
            default:
                return true;
        }
    }

    /** The JSON type and format a record component of this Java type is written as, or null if it has none. */
    private static String[] jsonTypeOf(Class<?> type) {
        Map<Class<?>, String[]> types = Map.ofEntries(
                Map.entry(UUID.class, new String[] { "string", "uuid" }),
                Map.entry(Instant.class, new String[] { "string", "date-time" }),
                Map.entry(String.class, new String[] { "string", null }),
                Map.entry(long.class, new String[] { "integer", "int64" }),
                Map.entry(Long.class, new String[] { "integer", "int64" }),
                Map.entry(int.class, new String[] { "integer", "int32" }),
                Map.entry(Integer.class, new String[] { "integer", "int32" }),
                Map.entry(boolean.class, new String[] { "boolean", null }),
                Map.entry(Boolean.class, new String[] { "boolean", null }));
        return types.get(type);
    }

    /** The JSON type property of a record that is a subtype of a sealed, polymorphic payload. */
    private static Optional<String> discriminatorOf(Class<?> record) {
        return TopicPayloads.BY_TOPIC.values().stream()
                .filter(payload -> payload.isInterface() && payload.isAssignableFrom(record))
                .map(payload -> payload.getAnnotation(JsonTypeInfo.class).property()).findFirst();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> textValues(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static void walk(JsonNode node, Consumer<JsonNode> visitor) {
        if (node.isObject()) {
            visitor.accept(node);
        }
        node.forEach(child -> walk(child, visitor));
    }
}
