package io.atende.gateway.engine;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/**
 * The port to WhatsApp. Answers arrive on the caller's Vert.x context (when it has one); a failed command fails the
 * Uni with {@link EngineCommandException}, an engine that cannot take commands with
 * {@link EngineUnavailableException}.
 */
public interface WhatsAppEngine {

    /** {@code simulator} or {@code baileys}. */
    String name();

    /** True while the engine takes commands. */
    boolean available();

    /** Why it does not, or null. */
    String unavailableReason();

    /** True while this gateway instance waits for the engine lease (another instance runs the engine). */
    default boolean standingBy() {
        return false;
    }

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
