package io.atende.contracts.testing;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.ChannelRef;
import io.atende.contracts.ContactRef;
import io.atende.contracts.channel.InboundMessageReceived;
import io.atende.contracts.channel.MessageDirection;
import io.atende.contracts.channel.MessageKind;

/** Object mother for channel messages: a customer's text unless told otherwise. */
public final class InboundMessages {

    private InboundMessages() {
    }

    /** A new customer's address, unique per call, so tests never share a conversation. */
    public static String newContactAddress() {
        long digits = Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 100_000_000L);
        return String.format("55119%08d@s.whatsapp.net", digits);
    }

    public static InboundMessageReceived customerText(String channelId, String contactAddress, String text) {
        return customerText(channelId, contactAddress, "WA" + UUID.randomUUID().toString().replace("-", "").toUpperCase(),
                text);
    }

    public static InboundMessageReceived customerText(String channelId, String contactAddress, String externalId,
            String text) {
        Instant now = Instant.now();
        return new InboundMessageReceived(UUID.randomUUID(), now, ChannelRef.whatsapp(channelId), externalId,
                new ContactRef(contactAddress, "+" + contactAddress.replaceAll("\\D", ""), null, "Cliente Teste"), null,
                MessageDirection.INBOUND, now.minusMillis(300), now, MessageKind.TEXT, text, null, null, null, false);
    }

    /** A new group chat's address, unique per call. */
    public static String newGroupAddress() {
        return String.format("120363%012d@g.us", Math.floorMod(UUID.randomUUID().getMostSignificantBits(),
                1_000_000_000_000L));
    }

    /** A participant's text in a group chat: the group is the contact, the participant the sender. */
    public static InboundMessageReceived groupText(String channelId, String groupAddress, String senderAddress,
            String senderName, String text) {
        Instant now = Instant.now();
        return new InboundMessageReceived(UUID.randomUUID(), now, ChannelRef.whatsapp(channelId),
                "WA" + UUID.randomUUID().toString().replace("-", "").toUpperCase(),
                new ContactRef(groupAddress, null, null, null),
                new ContactRef(senderAddress, "+" + senderAddress.replaceAll("\\D", ""), null, senderName),
                MessageDirection.INBOUND, now.minusMillis(300), now, MessageKind.TEXT, text, null, null, null, false);
    }

    /** The same message delivered again under a new event id (what a republishing channel does). */
    public static InboundMessageReceived redelivered(InboundMessageReceived original) {
        return new InboundMessageReceived(UUID.randomUUID(), original.occurredAt(), original.channel(),
                original.externalMessageId(), original.contact(), original.sender(), original.direction(),
                original.sentAt(), Instant.now(), original.kind(), original.text(), original.media(),
                original.replyToMessageId(), original.referencedMessageId(), original.offline());
    }

    /** Typed on the business phone itself (WhatsApp fromMe). */
    public static InboundMessageReceived typedOnPhone(String channelId, String contactAddress, String text) {
        InboundMessageReceived message = customerText(channelId, contactAddress, text);
        return new InboundMessageReceived(message.eventId(), message.occurredAt(), message.channel(),
                message.externalMessageId(), message.contact(), message.sender(), MessageDirection.OUTBOUND,
                message.sentAt(), message.receivedAt(), message.kind(), message.text(), null, null, null, false);
    }
}
