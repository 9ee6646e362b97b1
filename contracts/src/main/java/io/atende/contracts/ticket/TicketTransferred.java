package io.atende.contracts.ticket;

import java.time.Instant;
import java.util.UUID;

/** The ticket moved to another department and/or user; who did it and why are kept for the audit trail. */
public record TicketTransferred(UUID eventId, Instant occurredAt, TicketSnapshot ticket, UUID fromDepartmentId,
        UUID toDepartmentId, UUID fromAssigneeId, UUID toAssigneeId, UUID byUserId, String reason)
        implements TicketEvent {
}
