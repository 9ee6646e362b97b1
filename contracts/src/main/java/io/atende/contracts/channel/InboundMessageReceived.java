package io.atende.contracts.channel;

import static io.atende.contracts.Require.present;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.ChannelRef;
import io.atende.contracts.ContactRef;
import io.atende.contracts.Event;
import io.atende.contracts.Topics;

/**
 * A message of a conversation, as a channel received it ({@code channel.inbound.v1}). Any channel joins Atende by
 * producing this record.
 *
 * @param externalMessageId the channel's own id of the message; with the channel and contact it identifies the
 *                          message for de-duplication
 * @param contact           the conversation: the customer in a one-to-one chat, the group in a group chat
 * @param sender            in a group chat, the participant who wrote the message; absent in a one-to-one chat,
 *                          where the contact is the writer, and when the channel does not know the writer
 * @param sentAt            the channel's timestamp (WhatsApp's message time); kept for reference only
 * @param receivedAt        when Atende received it: the SLA clock starts here
 * @param offline           delivered late, after a reconnect (still after the link, so still ingested)
 */
public record InboundMessageReceived(
        UUID eventId,
        Instant occurredAt,
        ChannelRef channel,
        String externalMessageId,
        ContactRef contact,
        ContactRef sender,
        MessageDirection direction,
        Instant sentAt,
        Instant receivedAt,
        MessageKind kind,
        String text,
        MediaRef media,
        String replyToMessageId,
        String referencedMessageId,
        boolean offline) implements Event {

    public InboundMessageReceived {
        present(eventId, "eventId");
        present(channel, "channel");
        present(channel.id(), "channel.id");
        present(externalMessageId, "externalMessageId");
        present(contact, "contact");
        present(contact.address(), "contact.address");
        if (sender != null) {
            present(sender.address(), "sender.address");
        }
        present(direction, "direction");
        present(receivedAt, "receivedAt");
        present(kind, "kind");
        occurredAt = occurredAt == null ? receivedAt : occurredAt;
    }

    @Override
    public String partitionKey() {
        return Topics.conversationKey(channel.id(), contact.address());
    }
}
