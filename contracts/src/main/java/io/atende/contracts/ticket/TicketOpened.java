package io.atende.contracts.ticket;

import java.time.Instant;
import java.util.UUID;

/** A conversation became a numbered ticket. {@code occurredAt} is the first message's received-at time. */
public record TicketOpened(UUID eventId, Instant occurredAt, TicketSnapshot ticket) implements TicketEvent {
}
