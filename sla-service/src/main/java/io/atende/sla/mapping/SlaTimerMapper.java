package io.atende.sla.mapping;

import io.atende.contracts.sla.SlaTimerSnapshot;
import io.atende.sla.SlaTimer;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class SlaTimerMapper {

    public SlaTimerSnapshot snapshot(SlaTimer timer) {
        return new SlaTimerSnapshot(timer.id, timer.ticketId, timer.ticketNumber, timer.target, timer.departmentId,
                timer.assigneeId, timer.priority, timer.channelId, timer.targetSeconds, timer.businessHours,
                timer.startedAt, timer.dueAt);
    }
}
