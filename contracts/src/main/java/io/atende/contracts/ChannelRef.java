package io.atende.contracts;

/**
 * Which channel a message came through. {@code type} is open-ended so that any channel (Telegram, e-mail, web chat,
 * WhatsApp Cloud API) can join by producing the same records.
 */
public record ChannelRef(String type, String id) {

    public static final String WHATSAPP = "whatsapp";

    public static ChannelRef whatsapp(String id) {
        return new ChannelRef(WHATSAPP, id);
    }
}
