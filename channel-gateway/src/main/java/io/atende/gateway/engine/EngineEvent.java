package io.atende.gateway.engine;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** What an engine writes on its stdout, one JSON line each (docs/engine-protocol.md, "Events"). */
public sealed interface EngineEvent {

    /** An event about one channel. */
    sealed interface ChannelEvent extends EngineEvent {
        String channelId();
    }

    /** The process is up and reads commands. */
    record Ready(String engine, Integer protocol) implements EngineEvent {
    }

    /** A command succeeded. */
    record Ack(String id, JsonNode result) implements EngineEvent {
    }

    /** A command failed (with {@code id}), or something failed on its own (without). */
    record Failure(String id, String command, String channelId, String code, String message) implements EngineEvent {
    }

    record Qr(String channelId, String qr, Instant expiresAt, int attempt) implements ChannelEvent {
    }

    /**
     * New credentials, opaque to the gateway: stored and handed back on the next start. With a {@code seq}, the
     * engine waits for {@code auth-stored {seq}} before it goes on (Baileys: persist before acknowledging).
     */
    record Auth(String channelId, JsonNode auth, Long seq) implements ChannelEvent {
    }

    /** {@code linked} only right after a QR scan (a new device link); a reconnect or a resume says false. */
    record Connected(String channelId, boolean linked, String phoneNumber) implements ChannelEvent {
    }

    record Disconnected(String channelId, Integer code, String reason, boolean reconnecting) implements ChannelEvent {
    }

    record LoggedOut(String channelId, String reason) implements ChannelEvent {
    }

    /** One live message (Baileys {@code messages.upsert}), its fields as in Baileys' {@code WAMessage}. */
    record MessageUpsert(String channelId, String upsertType, boolean offline, MessageKey key, String pushName,
            Long timestamp, JsonNode message, MediaFile media) implements ChannelEvent {
    }

    /**
     * A media message's content as the engine downloaded it: {@code file}, a file in the engine's media directory that
     * the gateway takes (reads and deletes); or, when there is none, {@code unavailable} says why ({@code too-large},
     * {@code download-failed}).
     */
    record MediaFile(String file, String mimeType, String fileName, Long sizeBytes, String unavailable) {
    }

    /** One history-sync batch (Baileys {@code messaging-history.set}): never imported, only counted. */
    record History(String channelId, String syncType, List<JsonNode> messages) implements ChannelEvent {
    }

    /**
     * A receipt for a message the channel sent (Baileys {@code messages.update} status): {@code status} is
     * {@code delivered}, {@code read} or {@code played} (read for audio); {@code messageId} is its WhatsApp id.
     */
    record Receipt(String channelId, String messageId, String remoteJid, String status) implements ChannelEvent {
    }

    /** Baileys' {@code WAMessageKey}. */
    record MessageKey(String remoteJid, Boolean fromMe, String id, String participant, String remoteJidAlt,
            String participantAlt) {

        public boolean sentByMe() {
            return Boolean.TRUE.equals(fromMe);
        }
    }
}
