package io.atende.contracts.sla;

import java.time.Instant;
import java.util.UUID;

/** The timer no longer applies (ticket closed, re-targeted under another policy). */
public record SlaCancelled(UUID eventId, Instant occurredAt, SlaTimerSnapshot timer, String reason)
        implements SlaEvent {
}
