package io.atende.contracts.ticket;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.Priority;

public record TicketPriorityChanged(UUID eventId, Instant occurredAt, TicketSnapshot ticket,
        Priority previousPriority, UUID byUserId) implements TicketEvent {
}
