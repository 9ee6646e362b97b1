package io.atende.contracts.sla;

import java.time.Instant;
import java.util.UUID;

public record SlaTimerStarted(UUID eventId, Instant occurredAt, SlaTimerSnapshot timer) implements SlaEvent {
}
