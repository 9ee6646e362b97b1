package io.atende.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.atende.contracts.channel.InboundMessageReceived;
import io.atende.contracts.ticket.TicketEvent;
import io.atende.contracts.testing.TopicPayloads;

class ContractFixturesTest {

    /**
     * A fixture file: {@code <Type>.json}, or {@code <Type>.<variant>.json} for a further shape of the same type
     * that consumers must read too (a group message).
     */
    record Fixture(String topic, Class<? extends Event> type, String variant) {
        Fixture(String topic, Class<? extends Event> type) {
            this(topic, type, null);
        }

        String path() {
            return "/fixtures/" + topic + "/" + type.getSimpleName() + (variant == null ? "" : "." + variant) + ".json";
        }

        String json() {
            try (InputStream in = ContractFixturesTest.class.getResourceAsStream(path())) {
                assertThat(in).as("fixture %s", path()).isNotNull();
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return topic + "/" + type.getSimpleName() + (variant == null ? "" : " (" + variant + ")");
        }
    }

    /** The variants per event type, beside the one fixture every type has. */
    private static final Map<Class<? extends Event>, List<String>> VARIANTS = Map.of(
            InboundMessageReceived.class, List.of("group"));

    /** Every concrete event type of every topic, as the contract declares them. */
    static Stream<Fixture> everyEventType() {
        return TopicPayloads.BY_TOPIC.entrySet().stream().flatMap(entry -> concreteTypes(entry.getValue()).stream()
                .flatMap(type -> Stream.concat(Stream.of(new Fixture(entry.getKey(), type)),
                        VARIANTS.getOrDefault(type, List.of()).stream()
                                .map(variant -> new Fixture(entry.getKey(), type, variant)))));
    }

    @SuppressWarnings("unchecked")
    private static List<Class<? extends Event>> concreteTypes(Class<? extends Event> payload) {
        JsonSubTypes subTypes = payload.getAnnotation(JsonSubTypes.class);
        if (subTypes == null) {
            return List.<Class<? extends Event>>of(payload);
        }
        List<Class<? extends Event>> declared = Arrays.stream(subTypes.value())
                .<Class<? extends Event>>map(type -> (Class<? extends Event>) type.value()).toList();
        assertThat(declared).as("JSON subtypes of %s", payload.getSimpleName())
                .containsExactlyInAnyOrder((Class<? extends Event>[]) payload.getPermittedSubclasses());
        return declared;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEventType")
    void fixtureRoundTripsToTheSameJson(Fixture fixture) throws IOException {
        String json = fixture.json();

        Event event = JsonCodec.read(json, TopicPayloads.BY_TOPIC.get(fixture.topic()));

        assertThat(event).isInstanceOf(fixture.type());
        JsonNode original = JsonCodec.mapper().readTree(json);
        JsonNode written = JsonCodec.mapper().readTree(JsonCodec.write(event));
        assertThat(written).isEqualTo(original);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEventType")
    void typeNameIsTheRecordName(Fixture fixture) {
        Event event = JsonCodec.read(fixture.json(), TopicPayloads.BY_TOPIC.get(fixture.topic()));

        assertThat(Event.typeOf(event)).isEqualTo(fixture.type().getSimpleName());
        assertThat(event.partitionKey()).isNotBlank();
    }

    @Test
    void everyTopicHasAPayloadType() {
        assertThat(TopicPayloads.BY_TOPIC.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
    }

    @Test
    void inboundWithoutContactIsMalformed() {
        String json = """
                {"eventId":"00000000-0000-4000-8000-000000000001","channel":{"type":"whatsapp","id":"c1"},
                 "externalMessageId":"X1","direction":"INBOUND","receivedAt":"2026-11-26T12:00:00Z","kind":"TEXT"}
                """;

        assertThatThrownBy(() -> JsonCodec.read(json, InboundMessageReceived.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("contact is required");
    }

    @Test
    void groupMessageSenderWithoutAddressIsMalformed() throws IOException {
        ObjectNode json = (ObjectNode) JsonCodec.mapper()
                .readTree(new Fixture(Topics.CHANNEL_INBOUND, InboundMessageReceived.class, "group").json());
        ((ObjectNode) json.get("sender")).remove("address");

        assertThatThrownBy(() -> JsonCodec.read(json.toString(), InboundMessageReceived.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("sender.address is required");
    }

    @Test
    void groupMessageNamesTheGroupAsContactAndTheParticipantAsSender() {
        InboundMessageReceived message = JsonCodec.read(
                new Fixture(Topics.CHANNEL_INBOUND, InboundMessageReceived.class, "group").json(),
                InboundMessageReceived.class);

        assertThat(message.contact()).isEqualTo(new ContactRef("120363098765432109@g.us", null, null, null));
        assertThat(message.sender()).isEqualTo(new ContactRef("5511912345678@s.whatsapp.net", "+5511912345678",
                "81234567890456@lid", "João Lima"));
        assertThat(message.partitionKey()).isEqualTo("support-sp:120363098765432109@g.us");
    }

    @Test
    void oneToOneMessageHasNoSender() {
        InboundMessageReceived message = JsonCodec.read(
                new Fixture(Topics.CHANNEL_INBOUND, InboundMessageReceived.class).json(), InboundMessageReceived.class);

        assertThat(message.sender()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEventType")
    void eventWithoutEventIdIsMalformedWhenParsed(Fixture fixture) throws IOException {
        String json = without(fixture.json(), "eventId");

        assertThatThrownBy(() -> JsonCodec.read(json, TopicPayloads.BY_TOPIC.get(fixture.topic())))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("eventId is required");
    }

    @ParameterizedTest(name = "{0} without {1}")
    @CsvSource({
            "ticket.events.v1, TicketOpened, ticket",
            "ticket.events.v1, AgentReplied, ticket",
            "ticket.events.v1, TicketResolved, occurredAt",
            "sla.events.v1, SlaBreached, timer",
            "sla.events.v1, SlaMet, occurredAt",
            "channel.status.v1, ChannelConnected, channel",
            "channel.status.v1, ChannelHistoryDiscarded, occurredAt"})
    void eventWithoutWhatItsConsumersNeedIsMalformedWhenParsed(String topic, String type, String field) throws IOException {
        Class<? extends Event> payload = TopicPayloads.BY_TOPIC.get(topic);
        String json = without(new Fixture(topic, concreteTypes(payload).stream()
                .filter(candidate -> candidate.getSimpleName().equals(type)).findFirst().orElseThrow()).json(), field);

        assertThatThrownBy(() -> JsonCodec.read(json, payload))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining(field + " is required");
    }

    private static String without(String json, String field) throws IOException {
        ObjectNode node = (ObjectNode) JsonCodec.mapper().readTree(json);
        assertThat(node.has(field)).as("fixture has %s", field).isTrue();
        node.remove(field);
        return node.toString();
    }

    @Test
    void unknownTicketEventTypeIsMalformed() {
        String json = """
                {"type":"TicketExploded","eventId":"00000000-0000-4000-8000-000000000001"}
                """;

        assertThatThrownBy(() -> JsonCodec.read(json, TicketEvent.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("TicketExploded");
    }

    @Test
    void notJsonIsMalformed() {
        assertThatThrownBy(() -> JsonCodec.read("{not json", TicketEvent.class))
                .isInstanceOf(MalformedEventException.class);
    }
}
