package io.atende.contracts.sla;

import java.time.Instant;
import java.util.UUID;

/** The customer answered; the timer runs again with a new due time. */
public record SlaResumed(UUID eventId, Instant occurredAt, SlaTimerSnapshot timer) implements SlaEvent {
}
