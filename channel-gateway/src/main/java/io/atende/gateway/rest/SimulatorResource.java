package io.atende.gateway.rest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.atende.contracts.JsonCodec;
import io.atende.gateway.engine.EngineCommandException;
import io.atende.gateway.engine.EngineUnavailableException;
import io.atende.gateway.engine.WhatsAppEngine;
import io.atende.gateway.service.ChannelService;
import io.atende.platform.json.LongText;
import io.atende.platform.rest.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Plays the customer's and the phone's part when the engine is the simulator ({@code atende.engine=simulator}): each
 * call becomes a {@code sim.*} command on the engine's stdin, and the simulator answers with ordinary engine events,
 * so everything after it runs the same code as with the real engine. With any other engine: 404. The simulator
 * handles the events a call causes before it answers, so when a call returns they have been stored.
 */
@Path("/simulator/channels/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "simulator")
@RolesAllowed("admin")
public class SimulatorResource {

    /** {@code phoneNumber}: the business number that scans the QR (default {@code +551130000000}). */
    public record Scan(String phoneNumber) {
    }

    /**
     * A message in the chat with {@code from} (a phone number or a JID: {@code @lid}, {@code @g.us} ...).
     * {@code fromMe}: typed on the business phone. {@code timestamp}: WhatsApp's, epoch seconds (default now).
     * {@code upsertType} {@code notify} (live) or {@code append} (delivered after a reconnect, with {@code offline}).
     */
    public record SimulatedMessage(String from, String pushName, String text, String messageId, Boolean fromMe,
            Long timestamp, String upsertType, Boolean offline, String remoteJidAlt, String quotedId,
            String participant, SimulatedMedia media) {
    }

    /**
     * A media message's file: {@code kind} {@code image}, {@code video}, {@code audio}, {@code document} or
     * {@code sticker}, the content in {@code base64}; the message's {@code text} is its caption.
     */
    public record SimulatedMedia(String kind, @LongText String base64, String mimeType, String fileName) {
    }

    public record SimulatedHistory(List<SimulatedMessage> messages) {
    }

    /** {@code count} messages (1 to 100,000) from {@code contacts} numbers, the first {@code firstNumber}. */
    public record Burst(Integer count, Integer contacts, String firstNumber, String text) {
    }

    /** {@code code}: a Baileys close code (428 default; 401 logs the device out). */
    public record Disconnect(Integer code, String reason, Boolean reconnect) {
    }

    private final WhatsAppEngine engine;
    private final ChannelService channels;

    public SimulatorResource(WhatsAppEngine engine, ChannelService channels) {
        this.engine = engine;
        this.channels = channels;
    }

    @POST
    @Path("/scan")
    @Operation(summary = "The phone scans the channel's QR: the channel links and connects")
    public Uni<JsonNode> scan(@PathParam("id") String id, Scan scan) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("phoneNumber", scan == null || scan.phoneNumber() == null ? "+551130000000" : scan.phoneNumber());
        return control(id, "sim.scan", fields);
    }

    @POST
    @Path("/messages")
    @Operation(summary = "A WhatsApp message arrives on the channel; answers with its WhatsApp id")
    public Uni<JsonNode> message(@PathParam("id") String id, SimulatedMessage message) {
        return control(id, "sim.message", fields(message));
    }

    @POST
    @Path("/burst")
    @Operation(summary = "count customer messages from `contacts` numbers starting at firstNumber, emitted back to back by"
            + " the engine itself (for benchmarks: no HTTP call per message)")
    public Uni<JsonNode> burst(@PathParam("id") String id, Burst burst) {
        return control(id, "sim.burst", fields(burst));
    }

    @POST
    @Path("/history")
    @Operation(summary = "The phone pushes a history-sync batch (never imported, only counted)")
    public Uni<JsonNode> history(@PathParam("id") String id, SimulatedHistory history) {
        if (history == null || history.messages() == null) {
            throw ProblemException.badRequest("messages is required");
        }
        return control(id, "sim.history", Map.of("messages", history.messages().stream().map(SimulatorResource::fields).toList()));
    }

    @POST
    @Path("/disconnect")
    @Operation(summary = "The connection drops (and, unless told otherwise, the engine reconnects)")
    public Uni<JsonNode> disconnect(@PathParam("id") String id, Disconnect disconnect) {
        Map<String, Object> fields = new HashMap<>();
        if (disconnect != null) {
            fields.put("code", disconnect.code());
            fields.put("reason", disconnect.reason());
            fields.put("reconnect", disconnect.reconnect());
        }
        return control(id, "sim.disconnect", fields);
    }

    /** {@code status}: {@code delivered} (default), {@code read} or {@code played}. */
    public record SimulatedReceipt(String messageId, String status) {
    }

    /** {@code code}: the engine's error code for the next send (default {@code send-failed}). */
    public record SendFailure(String code, String message) {
    }

    public record PairingCode(String code) {
    }

    @POST
    @Path("/receipts")
    @Operation(summary = "The customer's phone receives (delivered) or reads a message the channel sent")
    public Uni<JsonNode> receipt(@PathParam("id") String id, SimulatedReceipt receipt) {
        if (receipt == null || receipt.messageId() == null || receipt.messageId().isBlank()) {
            throw ProblemException.badRequest("messageId is required");
        }
        Map<String, Object> fields = new HashMap<>();
        fields.put("messageId", receipt.messageId());
        fields.put("status", receipt.status());
        return control(id, "sim.receipt", fields);
    }

    @POST
    @Path("/fail-next-send")
    @Operation(summary = "WhatsApp refuses the channel's next send")
    public Uni<JsonNode> failNextSend(@PathParam("id") String id, SendFailure failure) {
        Map<String, Object> fields = new HashMap<>();
        if (failure != null) {
            fields.put("code", failure.code());
            fields.put("message", failure.message());
        }
        return control(id, "sim.fail-next-send", fields);
    }

    @POST
    @Path("/invalid-number")
    @Operation(summary = "A phone number is not on WhatsApp: sends to it fail with invalid-number")
    public Uni<JsonNode> invalidNumber(@PathParam("id") String id, Scan number) {
        if (number == null || number.phoneNumber() == null) {
            throw ProblemException.badRequest("phoneNumber is required");
        }
        return control(id, "sim.invalid-number", Map.of("phoneNumber", number.phoneNumber()));
    }

    @GET
    @Path("/sent")
    @Operation(summary = "What the simulated WhatsApp received from the channel: {sent: [{to, text, messageId, at}]}")
    public Uni<JsonNode> sent(@PathParam("id") String id) {
        return control(id, "sim.sent", Map.of());
    }

    @POST
    @Path("/pairing-code")
    @Operation(summary = "The phone enters the pairing code the channel asked for: the channel links and connects")
    public Uni<JsonNode> enterPairingCode(@PathParam("id") String id, PairingCode code) {
        if (code == null || code.code() == null) {
            throw ProblemException.badRequest("code is required");
        }
        return control(id, "sim.enter-pairing-code", Map.of("code", code.code()));
    }

    private static Map<String, Object> fields(Burst burst) {
        if (burst == null || burst.count() == null || burst.count() < 1 || burst.count() > 100_000
                || burst.firstNumber() == null || !burst.firstNumber().matches("\\+?\\d{8,15}")
                || burst.contacts() != null && burst.contacts() < 1) {
            throw ProblemException.badRequest("count (1 to 100000) and firstNumber (8 to 15 digits) are required;"
                    + " contacts, if given, is at least 1");
        }
        Map<String, Object> fields = new HashMap<>();
        fields.put("count", burst.count());
        fields.put("contacts", burst.contacts() == null ? burst.count() : burst.contacts());
        fields.put("firstNumber", burst.firstNumber());
        fields.put("text", burst.text());
        return fields;
    }

    private static Map<String, Object> fields(SimulatedMessage message) {
        if (message == null || message.from() == null || message.from().isBlank()
                || message.text() == null && message.media() == null) {
            throw ProblemException.badRequest("from and text (or media) are required");
        }
        if (message.media() != null && (message.media().kind() == null || message.media().base64() == null)) {
            throw ProblemException.badRequest("media needs kind and base64");
        }
        Map<String, Object> fields = new HashMap<>();
        fields.put("from", message.from());
        fields.put("pushName", message.pushName());
        fields.put("text", message.text());
        fields.put("messageId", message.messageId());
        fields.put("fromMe", message.fromMe());
        fields.put("timestamp", message.timestamp());
        fields.put("upsertType", message.upsertType());
        fields.put("offline", message.offline());
        fields.put("remoteJidAlt", message.remoteJidAlt());
        fields.put("quotedId", message.quotedId());
        fields.put("participant", message.participant());
        fields.put("media", message.media());
        return fields;
    }

    private Uni<JsonNode> control(String channelId, String command, Map<String, Object> fields) {
        if (!WhatsAppEngine.SIMULATOR.equals(engine.name())) {
            throw ProblemException.notFound("the simulator is not enabled: this gateway runs the '" + engine.name()
                    + "' engine (start it with ATENDE_ENGINE=simulator)");
        }
        Map<String, Object> all = new HashMap<>(fields);
        all.put("channelId", channelId);
        return channels.find(channelId)
                .flatMap(channel -> engine.request(command, all))
                .map(result -> result == null ? JsonCodec.mapper().createObjectNode() : result)
                .onFailure(EngineCommandException.class).transform(failure -> problem((EngineCommandException) failure))
                .onFailure(EngineUnavailableException.class).transform(failure -> new ProblemException(503,
                        "Engine unavailable", failure.getMessage()));
    }

    private static ProblemException problem(EngineCommandException failure) {
        return switch (failure.code()) {
            case "invalid" -> ProblemException.badRequest(failure.getMessage());
            case "unknown-channel", "not-waiting-for-qr", "not-connected", "wrong-pairing-code" ->
                ProblemException.conflict(failure.getMessage());
            default -> new ProblemException(502, "Engine error", failure.getMessage());
        };
    }
}
