package io.atende.contracts.ticket;

import java.time.Instant;
import java.util.UUID;

/** The bot wrote to the customer (greeting, department menu, re-prompt). Not a response for SLA purposes. */
public record BotMessageSent(UUID eventId, Instant occurredAt, TicketSnapshot ticket, UUID messageId)
        implements TicketEvent {
}
