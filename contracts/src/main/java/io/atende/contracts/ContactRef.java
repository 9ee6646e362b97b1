package io.atende.contracts;

/**
 * A customer as the channel addresses them (also a group chat, and the participant who wrote a group message).
 * WhatsApp may address one person by phone number or by LID ({@code ...@lid}); {@code address} is the one the
 * conversation is keyed on, and the other fields hold what is known of both.
 */
public record ContactRef(String address, String phoneNumber, String lid, String name) {
}
