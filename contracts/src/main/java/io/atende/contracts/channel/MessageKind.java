package io.atende.contracts.channel;

/** What a message is. EDIT, REVOKE and REACTION refer to an earlier message through {@code referencedMessageId}. */
public enum MessageKind {
    TEXT, IMAGE, AUDIO, VIDEO, DOCUMENT, STICKER, LOCATION, CONTACT, REACTION, EDIT, REVOKE, OTHER
}
