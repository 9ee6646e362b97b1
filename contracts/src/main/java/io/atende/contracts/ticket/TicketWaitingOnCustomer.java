package io.atende.contracts.ticket;

import java.time.Instant;
import java.util.UUID;

/** The team waits on the customer: the clocks that measure the team pause until the customer answers. */
public record TicketWaitingOnCustomer(UUID eventId, Instant occurredAt, TicketSnapshot ticket, UUID byUserId)
        implements TicketEvent {
}
