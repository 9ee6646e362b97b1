package io.atende.contracts.sla;

import java.time.Instant;
import java.util.UUID;

/** The ticket waits on the customer; the timer stands still. */
public record SlaPaused(UUID eventId, Instant occurredAt, SlaTimerSnapshot timer) implements SlaEvent {
}
