package io.atende.contracts.ticket;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.channel.MessageKind;

/**
 * A customer message was added to the ticket's conversation. {@code occurredAt} is when Atende received it.
 */
public record CustomerMessageReceived(UUID eventId, Instant occurredAt, TicketSnapshot ticket, UUID messageId,
        String externalMessageId, MessageKind kind) implements TicketEvent {
}
