package io.atende.contracts.ticket;

import java.time.Instant;
import java.util.UUID;

public record TicketResolved(UUID eventId, Instant occurredAt, TicketSnapshot ticket, UUID byUserId)
        implements TicketEvent {
}
