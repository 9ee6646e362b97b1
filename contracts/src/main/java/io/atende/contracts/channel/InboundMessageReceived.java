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
