package io.atende.contracts.ticket;

import java.time.Instant;
import java.util.UUID;

public record TicketClosed(UUID eventId, Instant occurredAt, TicketSnapshot ticket, String reason)
        implements TicketEvent {
}
