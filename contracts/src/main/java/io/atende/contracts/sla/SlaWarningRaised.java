package io.atende.contracts.sla;

import java.time.Instant;
import java.util.UUID;

/** The timer used {@code thresholdPercent} of its target without being met: escalate before it breaches. */
public record SlaWarningRaised(UUID eventId, Instant occurredAt, SlaTimerSnapshot timer, int thresholdPercent)
        implements SlaEvent {
}
