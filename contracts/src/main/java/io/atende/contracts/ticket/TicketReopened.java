package io.atende.contracts.ticket;

import java.time.Instant;
import java.util.UUID;

/** A resolved ticket is active again; SLA targets start anew. */
public record TicketReopened(UUID eventId, Instant occurredAt, TicketSnapshot ticket, UUID byUserId, String reason)
        implements TicketEvent {
}
