package io.atende.gateway.engine;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.atende.contracts.JsonCodec;
import io.atende.gateway.engine.EngineEvent.Ack;
import io.atende.gateway.engine.EngineEvent.Auth;
import io.atende.gateway.engine.EngineEvent.ChannelEvent;
import io.atende.gateway.engine.EngineEvent.Connected;
import io.atende.gateway.engine.EngineEvent.Disconnected;
import io.atende.gateway.engine.EngineEvent.Failure;
import io.atende.gateway.engine.EngineEvent.History;
import io.atende.gateway.engine.EngineEvent.LoggedOut;
import io.atende.gateway.engine.EngineEvent.MessageUpsert;
import io.atende.gateway.engine.EngineEvent.Qr;
import io.atende.gateway.engine.EngineEvent.Ready;
import io.atende.gateway.engine.EngineEvent.Receipt;

/** Reads event lines and writes command lines of the engine protocol (docs/engine-protocol.md). */
public final class EngineProtocol {

    public static final int VERSION = 1;

    private static final ObjectMapper MAPPER = JsonCodec.mapper();
    private static final Map<String, Class<? extends EngineEvent>> EVENTS = Map.ofEntries(
            Map.entry("ready", Ready.class),
            Map.entry("ack", Ack.class),
            Map.entry("error", Failure.class),
            Map.entry("qr", Qr.class),
            Map.entry("auth", Auth.class),
            Map.entry("connected", Connected.class),
            Map.entry("disconnected", Disconnected.class),
            Map.entry("logged-out", LoggedOut.class),
            Map.entry("message", MessageUpsert.class),
            Map.entry("history", History.class),
            Map.entry("receipt", Receipt.class));

    /** A line that is not a valid event; {@code reason} is a short metric tag. */
    public static final class MalformedLineException extends Exception {

        private final String reason;

        MalformedLineException(String reason, String detail) {
            super(detail);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private EngineProtocol() {
    }

    public static EngineEvent parse(String line) throws MalformedLineException {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new MalformedLineException("not-json", e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new MalformedLineException("not-an-object", "a line must be one JSON object");
        }
        JsonNode name = node.get("event");
        if (name == null || !name.isTextual()) {
            throw new MalformedLineException("no-event", "no \"event\" field");
        }
        Class<? extends EngineEvent> type = EVENTS.get(name.asText());
        if (type == null) {
            throw new MalformedLineException("unknown-event", "unknown event " + name.asText());
        }
        EngineEvent event;
        try {
            event = MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedLineException("invalid-fields", name.asText() + ": " + e.getMessage());
        }
        String problem = problem(event);
        if (problem != null) {
            throw new MalformedLineException("invalid-fields", name.asText() + ": " + problem);
        }
        return event;
    }

    /** What a well-formed event of each kind must carry, or null when it does. */
    private static String problem(EngineEvent event) {
        if (event instanceof ChannelEvent channelEvent && blank(channelEvent.channelId())) {
            return "channelId is required";
        }
        return switch (event) {
            case Ack ack -> blank(ack.id()) ? "id is required" : null;
            case Qr qr -> blank(qr.qr()) ? "qr is required" : null;
            case Auth auth -> auth.auth() == null || !auth.auth().isObject() ? "auth must be an object" : null;
            case MessageUpsert message -> message.key() == null || blank(message.key().remoteJid())
                    || blank(message.key().id()) ? "key.remoteJid and key.id are required"
                            : message.timestamp() == null ? "timestamp is required" : null;
            case History history -> history.messages() == null ? "messages is required" : null;
            case Receipt receipt -> blank(receipt.messageId()) || blank(receipt.status())
                    ? "messageId and status are required" : null;
            default -> null;
        };
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /** One command line (without the newline); null fields are left out. */
    public static String command(String name, String id, Map<String, ?> fields) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("cmd", name);
        node.put("id", id);
        fields.forEach((field, value) -> {
            if (value != null) {
                node.set(field, MAPPER.valueToTree(value));
            }
        });
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write command " + name, e);
        }
    }
}
