package io.atende.contracts.channel;

import static io.atende.contracts.Require.present;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.ChannelRef;
import io.atende.contracts.Event;
import io.atende.contracts.Topics;

/**
 * A command to send a message through a channel ({@code channel.outbound.v1}). The channel sends it once per
 * {@code eventId} (the command id), however often the record is delivered.
 *
 * @param author AGENT, BOT or SYSTEM: who wrote it, for the conversation log
 */
public record OutboundMessageRequested(
        UUID eventId,
        Instant occurredAt,
        ChannelRef channel,
        String contactAddress,
        UUID ticketId,
        UUID messageId,
        String author,
        MessageKind kind,
        String text,
        MediaRef media,
        String replyToMessageId) implements Event {

    public OutboundMessageRequested {
        present(eventId, "eventId");
        present(occurredAt, "occurredAt");
        present(channel, "channel");
        present(channel.id(), "channel.id");
        present(contactAddress, "contactAddress");
        present(kind, "kind");
    }

    @Override
    public String partitionKey() {
        return Topics.conversationKey(channel.id(), contactAddress);
    }
}
