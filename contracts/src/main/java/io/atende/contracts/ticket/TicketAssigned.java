package io.atende.contracts.ticket;

import java.time.Instant;
import java.util.UUID;

/**
 * The ticket got a responsible user.
 *
 * @param mode ACCEPTED (the agent took it from the queue), ROUND_ROBIN or LEAST_OPEN (automatic)
 */
public record TicketAssigned(UUID eventId, Instant occurredAt, TicketSnapshot ticket, UUID previousAssigneeId,
        String mode) implements TicketEvent {
}
