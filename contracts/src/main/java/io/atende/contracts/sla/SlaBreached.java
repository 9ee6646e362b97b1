package io.atende.contracts.sla;

import java.time.Instant;
import java.util.UUID;

/** The target was not met by its due time. {@code occurredAt} is the due time, not the time it was noticed. */
public record SlaBreached(UUID eventId, Instant occurredAt, SlaTimerSnapshot timer) implements SlaEvent {
}
