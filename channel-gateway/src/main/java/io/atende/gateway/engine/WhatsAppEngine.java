package io.atende.gateway.engine;

import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/**
 * The port to WhatsApp; the rest of the gateway knows the engine only through it ({@link ProcessEngine} is the one
 * implementation: a supervised child process running the simulator or Baileys). Answers arrive on the caller's Vert.x context (when it has one); a failed command fails the
 * Uni with {@link EngineCommandException}, an engine that cannot take commands with
 * {@link EngineUnavailableException}.
 */
public interface WhatsAppEngine {

    /** The engine that stands in for WhatsApp's servers in development and tests. */
    String SIMULATOR = "simulator";

    /** {@code simulator} or {@code baileys}. */
    String name();

    /** True while the engine takes commands. */
    boolean available();

    /** Why it does not, or null. */
    String unavailableReason();

    /** True once the running engine said it is ready (the readiness check). */
    boolean ready();

    /** Starts the engine (asynchronously) and reports what it says to {@code listener} from now on. */
    void run(EngineListener listener);

    /** This instance waits for the engine lease: another gateway instance runs the engine. */
    void standBy(String reason);

    /** True while this gateway instance waits for the engine lease (it then neither runs the engine nor fails channels). */
    boolean standingBy();

    /** Stops the engine; pending commands fail. */
    void shutdown();

    /** Where the engine writes downloaded media for the gateway to take. */
    Path mediaDirectory();

    /** Tells the engine that the credentials it sent as {@code seq} are stored (committed). Fire and forget. */
    void authStored(String channelId, long seq);

    /**
     * Sends any command (the simulator's {@code sim.*} controls too) and answers with the {@code ack}'s result.
     */
    Uni<JsonNode> request(String name, Map<String, ?> fields);

    /** Opens (or re-opens) a channel's session; {@code auth} is what the engine last gave for it, or null. */
    Uni<Void> start(String channelId, JsonNode auth);

    /** Closes the session, keeps the credentials. */
    Uni<Void> stop(String channelId);

    /** Logs the device out and forgets the credentials. */
    Uni<Void> logout(String channelId);

    /**
     * Sends a text to {@code toJid} under the WhatsApp id {@code messageId} (chosen by the gateway, so receipts and a
     * resend after a crash carry the same id); answers with the id the engine sent it under. Fails with
     * {@link EngineCommandException} (e.g. {@code invalid-number}, {@code not-connected}) when WhatsApp refused it.
     */
    Uni<String> send(String channelId, String toJid, String text, String messageId);

    /** Asks for a phone-number pairing code instead of a QR (the channel must be waiting for a QR). */
    Uni<String> requestPairingCode(String channelId, String phoneNumber);
}
