package io.atende.gateway.mapping;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.atende.contracts.ChannelRef;
import io.atende.contracts.ContactRef;
import io.atende.contracts.channel.InboundMessageReceived;
import io.atende.contracts.channel.MediaRef;
import io.atende.contracts.channel.MessageDirection;
import io.atende.contracts.channel.MessageKind;
import io.atende.gateway.engine.EngineEvent.MessageKey;
import io.atende.gateway.engine.EngineEvent.MessageUpsert;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns an engine {@code message} event (Baileys' {@code WAMessage} shape) into the contract's
 * {@link InboundMessageReceived}, and says which chats and contents are not customer conversations.
 */
@ApplicationScoped
public class InboundMapper {

    public static final String PHONE_SUFFIX = "@s.whatsapp.net";
    public static final String LID_SUFFIX = "@lid";
    public static final String GROUP_SUFFIX = "@g.us";
    /** {@link #ignoredChat} of a group chat: ingested only where the channel has groups enabled. */
    public static final String GROUP = "group";

    /** What a message says, once its envelopes (ephemeral, view-once ...) are opened. */
    public record Content(MessageKind kind, String text, String replyToMessageId, String referencedMessageId) {
    }

    /** What a media message says about its file (WhatsApp's {@code mimetype}, {@code fileName}, {@code fileLength}). */
    public record MediaInfo(String mimeType, String fileName, Long sizeBytes) {
    }

    /** The parts of a message that carry a file. */
    private static final List<String> MEDIA_PARTS = List.of("imageMessage", "videoMessage", "ptvMessage",
            "audioMessage", "documentMessage", "stickerMessage");

    /** Envelopes whose {@code message} field holds the real content. */
    private static final List<String> ENVELOPES = List.of("ephemeralMessage", "viewOnceMessage", "viewOnceMessageV2",
            "viewOnceMessageV2Extension", "documentWithCaptionMessage", "editedMessage");
    /** Baileys' protocolMessage types, as numbers (protobuf JSON) or names. */
    private static final int REVOKE = 0;
    private static final int MESSAGE_EDIT = 14;

    /** Why a chat is not a customer conversation (status updates, channels, groups), or null when it is one. */
    public static String ignoredChat(String remoteJid) {
        if (remoteJid.equals("status@broadcast")) {
            return "status";
        }
        if (remoteJid.endsWith("@newsletter")) {
            return "newsletter";
        }
        if (remoteJid.endsWith(GROUP_SUFFIX)) {
            return GROUP;
        }
        if (remoteJid.endsWith("@broadcast")) {
            return "broadcast";
        }
        return null;
    }

    public InboundMessageReceived toInbound(String channelId, MessageUpsert upsert, Content content, MediaRef media,
            Instant receivedAt) {
        MessageKey key = upsert.key();
        boolean fromMe = key.sentByMe();
        String name = fromMe ? null : upsert.pushName();
        boolean group = key.remoteJid().endsWith(GROUP_SUFFIX);
        // A group message whose key names no participant has no sender: the contract has no sender without address.
        return new InboundMessageReceived(UUID.randomUUID(), receivedAt, ChannelRef.whatsapp(channelId), key.id(),
                group ? group(key) : contact(key.remoteJid(), key.remoteJidAlt(), name),
                group && key.participant() != null ? contact(key.participant(), key.participantAlt(), name) : null,
                fromMe ? MessageDirection.OUTBOUND : MessageDirection.INBOUND,
                Instant.ofEpochSecond(upsert.timestamp()), receivedAt, content.kind(), content.text(), media,
                content.replyToMessageId(), content.referencedMessageId(), upsert.offline());
    }

    /**
     * A group chat as the contact: only its JID, the conversation. The engine reports no group subject, and the
     * push name and numbers of a message belong to its sender, not to the group.
     */
    static ContactRef group(MessageKey key) {
        return new ContactRef(key.remoteJid(), null, null, null);
    }

    /**
     * A person by the JID a message addresses them with (the chat, or a group's participant) and its alternative:
     * the phone number and the LID, whichever of the two JIDs carries them.
     */
    static ContactRef contact(String jid, String alternativeJid, String name) {
        String phoneNumber = null;
        String lid = null;
        for (String address : new String[] { jid, alternativeJid }) {
            if (address == null) {
                continue;
            }
            if (address.endsWith(PHONE_SUFFIX) && phoneNumber == null) {
                phoneNumber = "+" + user(address);
            } else if (address.endsWith(LID_SUFFIX) && lid == null) {
                lid = user(address) + LID_SUFFIX;
            }
        }
        return new ContactRef(jid, phoneNumber, lid, name == null || name.isBlank() ? null : name);
    }

    /** The user part of a JID without the device suffix: {@code 5511987654321:12@s.whatsapp.net} gives the digits. */
    static String user(String jid) {
        String user = jid.substring(0, jid.indexOf('@'));
        int device = user.indexOf(':');
        return device < 0 ? user : user.substring(0, device);
    }

    /** The content to ingest, or empty for what is not a message of the conversation (protocol stubs, key shares). */
    public Optional<Content> content(JsonNode message) {
        JsonNode body = open(message);
        if (body == null || !body.isObject()) {
            return Optional.empty();
        }
        if (body.hasNonNull("conversation")) {
            return text(MessageKind.TEXT, body.get("conversation").asText(), null);
        }
        if (body.hasNonNull("extendedTextMessage")) {
            JsonNode extended = body.get("extendedTextMessage");
            return text(MessageKind.TEXT, extended.path("text").asText(null), extended);
        }
        if (body.hasNonNull("protocolMessage")) {
            return protocol(body.get("protocolMessage"));
        }
        if (body.hasNonNull("reactionMessage")) {
            JsonNode reaction = body.get("reactionMessage");
            return Optional.of(new Content(MessageKind.REACTION, reaction.path("text").asText(null), null,
                    reaction.path("key").path("id").asText(null)));
        }
        for (var media : List.of(new Object[] { "imageMessage", MessageKind.IMAGE },
                new Object[] { "videoMessage", MessageKind.VIDEO }, new Object[] { "ptvMessage", MessageKind.VIDEO },
                new Object[] { "audioMessage", MessageKind.AUDIO },
                new Object[] { "documentMessage", MessageKind.DOCUMENT },
                new Object[] { "stickerMessage", MessageKind.STICKER },
                new Object[] { "locationMessage", MessageKind.LOCATION },
                new Object[] { "liveLocationMessage", MessageKind.LOCATION },
                new Object[] { "contactMessage", MessageKind.CONTACT },
                new Object[] { "contactsArrayMessage", MessageKind.CONTACT })) {
            JsonNode part = body.get((String) media[0]);
            if (part != null && !part.isNull()) {
                String text = part.path("caption").asText(null);
                if (text == null && media[1] == MessageKind.CONTACT) {
                    text = part.path("displayName").asText(null);
                }
                return text((MessageKind) media[1], text, part);
            }
        }
        boolean onlyHousekeeping = true;
        for (var names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.equals("messageContextInfo") && !name.equals("senderKeyDistributionMessage")) {
                onlyHousekeeping = false;
            }
        }
        return onlyHousekeeping ? Optional.empty() : Optional.of(new Content(MessageKind.OTHER, null, null, null));
    }

    /** The file a media message carries, or empty when it carries none (text, location, contact ...). */
    public Optional<MediaInfo> mediaInfo(JsonNode message) {
        JsonNode body = open(message);
        if (body == null || !body.isObject()) {
            return Optional.empty();
        }
        for (String name : MEDIA_PARTS) {
            JsonNode part = body.get(name);
            if (part != null && part.isObject()) {
                JsonNode length = part.path("fileLength");
                // Baileys writes protobuf longs as numbers or as strings.
                Long size = length.isNumber() || length.isTextual() && length.asText().matches("\\d{1,18}")
                        ? Long.valueOf(length.asLong()) : null;
                return Optional.of(new MediaInfo(part.path("mimetype").asText(null), part.path("fileName").asText(null),
                        size));
            }
        }
        return Optional.empty();
    }

    private static JsonNode open(JsonNode message) {
        JsonNode body = message;
        for (int depth = 0; body != null && depth < 4; depth++) {
            JsonNode inner = null;
            for (String envelope : ENVELOPES) {
                if (body.hasNonNull(envelope) && body.get(envelope).hasNonNull("message")) {
                    inner = body.get(envelope).get("message");
                    break;
                }
            }
            if (inner == null) {
                return body;
            }
            body = inner;
        }
        return body;
    }

    private static Optional<Content> text(MessageKind kind, String text, JsonNode part) {
        String replyTo = part == null ? null : part.path("contextInfo").path("stanzaId").asText(null);
        return Optional.of(new Content(kind, text, replyTo, null));
    }

    /** Revokes and edits refer to an earlier message; other protocol messages (key shares, syncs) are not content. */
    private Optional<Content> protocol(JsonNode protocol) {
        JsonNode type = protocol.path("type");
        String referenced = protocol.path("key").path("id").asText(null);
        boolean revoke = type.isInt() ? type.asInt() == REVOKE : "REVOKE".equals(type.asText());
        boolean edit = type.isInt() ? type.asInt() == MESSAGE_EDIT : "MESSAGE_EDIT".equals(type.asText());
        if (revoke && referenced != null) {
            return Optional.of(new Content(MessageKind.REVOKE, null, null, referenced));
        }
        if (edit && referenced != null) {
            Optional<Content> edited = content(protocol.path("editedMessage"));
            return Optional.of(new Content(MessageKind.EDIT, edited.map(Content::text).orElse(null), null, referenced));
        }
        return Optional.empty();
    }
}
