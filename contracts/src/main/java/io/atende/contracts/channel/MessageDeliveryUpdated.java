package io.atende.contracts.channel;

import static io.atende.contracts.Require.present;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.ChannelRef;
import io.atende.contracts.Event;
import io.atende.contracts.Topics;

/**
 * A receipt for an outbound message ({@code channel.delivery.v1}). A FAILED receipt always says why.
 *
 * @param commandId the {@link OutboundMessageRequested#eventId()} this receipt answers
 */
public record MessageDeliveryUpdated(
        UUID eventId,
        Instant occurredAt,
        ChannelRef channel,
        String contactAddress,
        UUID commandId,
        UUID messageId,
        String externalMessageId,
        DeliveryStatus status,
        String reason) implements Event {

    public MessageDeliveryUpdated {
        present(eventId, "eventId");
        present(occurredAt, "occurredAt");
        present(channel, "channel");
        present(contactAddress, "contactAddress");
        present(commandId, "commandId");
        present(status, "status");
        if (status == DeliveryStatus.FAILED) {
            present(reason, "reason");
        }
    }

    @Override
    public String partitionKey() {
        return Topics.conversationKey(channel.id(), contactAddress);
    }
}
