package io.atende.sla.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.atende.contracts.Priority;
import io.atende.contracts.sla.SlaTarget;
import io.atende.sla.SlaTimer;
import io.atende.sla.repository.SlaTimerRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Read side of the timers: a ticket's targets and a department's at-risk list. */
@ApplicationScoped
public class SlaStatus {

    /**
     * One timer as a person reads it. {@code state}: RUNNING, RUNNING_BREACHED (breached, the response still owed),
     * PAUSED (waiting on the customer), MET, BREACHED (stopped after its due time), CANCELLED (resolved, closed,
     * reopened or re-targeted first). {@code remainingSeconds} is business time where the policy says so, negative
     * once overdue; for a stopped timer it is what was left when it stopped.
     */
    public record TargetStatus(UUID timerId, UUID ticketId, long ticketNumber, SlaTarget target, int cycle, int round,
            String state, UUID departmentId, UUID assigneeId, Priority priority, long targetSeconds,
            boolean businessHours, Instant startedAt, Instant dueAt, long elapsedSeconds, long remainingSeconds,
            boolean paused, boolean warned, boolean met, boolean breached, Instant stoppedAt) {
    }

    private final SlaTimerRepository timers;
    private final SlaPolicies policies;

    public SlaStatus(SlaTimerRepository timers, SlaPolicies policies) {
        this.timers = timers;
        this.policies = policies;
    }

    public Uni<List<TargetStatus>> ofTicket(UUID ticketId, Instant now) {
        return timers.ofTicket(ticketId).flatMap(list -> describe(list, now));
    }

    public Uni<List<TargetStatus>> atRisk(UUID departmentId, Instant now, Instant horizon, int limit) {
        return timers.atRisk(departmentId, horizon, limit).flatMap(list -> describe(list, now));
    }

    private Uni<List<TargetStatus>> describe(List<SlaTimer> list, Instant now) {
        if (list.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Multi.createFrom().iterable(list).onItem()
                .transformToUniAndConcatenate(timer -> policies.calendar(timer.calendarId).map(calendar -> {
                    Instant end = timer.isOpen() ? now : timer.stoppedAt;
                    long elapsed = SlaTimekeeper.elapsedMillis(timer, calendar, end);
                    long remaining = Math.floorDiv(timer.targetSeconds * 1000 - elapsed, 1000);
                    String state = switch (timer.state) {
                        case RUNNING -> timer.breached ? "RUNNING_BREACHED" : "RUNNING";
                        case PAUSED -> "PAUSED";
                        case STOPPED -> timer.breached ? "BREACHED" : "MET";
                        case CANCELLED -> "CANCELLED";
                    };
                    return new TargetStatus(timer.id, timer.ticketId, timer.ticketNumber, timer.target, timer.cycle,
                            timer.round, state, timer.departmentId, timer.assigneeId, timer.priority,
                            timer.targetSeconds, timer.businessHours, timer.startedAt, timer.dueAt, elapsed / 1000,
                            remaining, timer.state == SlaTimer.State.PAUSED, timer.warned,
                            timer.state == SlaTimer.State.STOPPED && !timer.breached, timer.breached, timer.stoppedAt);
                }))
                .collect().asList();
    }
}
