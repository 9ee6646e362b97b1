package io.atende.contracts.sla;

import java.time.Instant;
import java.util.UUID;

/**
 * The target was met (or stopped after a breach: {@code breached} then says so, and compliance counts it as a
 * breach). {@code elapsedSeconds} is the measured time, business time where the policy says so.
 */
public record SlaMet(UUID eventId, Instant occurredAt, SlaTimerSnapshot timer, long elapsedSeconds,
        boolean breached) implements SlaEvent {
}
