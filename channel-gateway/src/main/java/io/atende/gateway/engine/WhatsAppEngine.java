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

    /** Opens (or re-opens) a channel's session; {@code auth} is what the engine last gave for it, or null. */
    Uni<Void> start(String channelId, JsonNode auth);

    /** Closes the session, keeps the credentials. */
    Uni<Void> stop(String channelId);

    /** Logs the device out and forgets the credentials. */
    Uni<Void> logout(String channelId);

    /** Sends a text; not implemented by any engine yet, so it fails with {@link EngineCommandException}. */
    Uni<String> send(String channelId, String toJid, String text);
}
