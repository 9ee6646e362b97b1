package io.atende.contracts.sla;

import static io.atende.contracts.Require.present;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.Priority;

/**
 * An SLA timer as it stands after the event, with the ticket's dimensions so reporting needs nothing else.
 *
 * @param startedAt     when the measured interval began (e.g. the customer message's received-at time)
 * @param dueAt         when it breaches if nothing stops it (calendar or business time already applied)
 * @param businessHours whether the target counts business time only
 */
public record SlaTimerSnapshot(
        UUID timerId,
        UUID ticketId,
        long ticketNumber,
        SlaTarget target,
        UUID departmentId,
        UUID assigneeId,
        Priority priority,
        String channelId,
        long targetSeconds,
        boolean businessHours,
        Instant startedAt,
        Instant dueAt) {

    public SlaTimerSnapshot {
        present(timerId, "timer.timerId");
        present(ticketId, "timer.ticketId");
        present(target, "timer.target");
        present(startedAt, "timer.startedAt");
    }
}
