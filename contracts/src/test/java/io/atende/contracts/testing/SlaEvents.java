package io.atende.contracts.testing;

import java.util.UUID;

import io.atende.contracts.sla.SlaBreached;
import io.atende.contracts.sla.SlaTarget;
import io.atende.contracts.sla.SlaTimerSnapshot;
import io.atende.contracts.ticket.TicketSnapshot;

/** Object mother for SLA events, as sla-service publishes them. */
public final class SlaEvents {

    private SlaEvents() {
    }

    public static SlaTimerSnapshot firstResponseTimer(TicketSnapshot ticket, long targetSeconds) {
        return new SlaTimerSnapshot(UUID.randomUUID(), ticket.id(), ticket.number(), SlaTarget.FIRST_RESPONSE,
                ticket.departmentId(), ticket.assigneeId(), ticket.priority(), ticket.channel().id(), targetSeconds,
                false, ticket.openedAt(), ticket.openedAt().plusSeconds(targetSeconds));
    }

    public static SlaBreached breached(SlaTimerSnapshot timer) {
        return new SlaBreached(UUID.randomUUID(), timer.dueAt(), timer);
    }

}
