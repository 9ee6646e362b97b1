package io.atende.contracts.ticket;

import java.time.Instant;
import java.util.UUID;

/**
 * The ticket entered a department's queue.
 *
 * @param via MENU (the customer chose), DEFAULT (menu timeout or too many invalid answers) or DIRECT (the channel
 *            serves one department)
 */
public record TicketRoutedToDepartment(UUID eventId, Instant occurredAt, TicketSnapshot ticket, String via)
        implements TicketEvent {
}
