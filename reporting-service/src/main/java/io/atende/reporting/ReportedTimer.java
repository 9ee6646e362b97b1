package io.atende.reporting;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import io.atende.contracts.sla.SlaTimerSnapshot;

/**
 * An SLA timer as the read model {@code rm_sla} holds it, with its outcome. A plain object, like
 * {@link ReportedTicket}: a batch of SLA events reads its timers once, moves them here event by event, and each
 * transition tells {@link TimerEffects} how the rollup's SLA counts move (started by start time; met and breached by
 * closing time; a cancelled timer is not counted at all) and, for a business-hours timer, how its measured duration
 * moves (by closing time, once stopped).
 */
public final class ReportedTimer {

    private static final String OPEN = "OPEN";
    private static final String MET = "MET";
    private static final String BREACHED = "BREACHED";
    private static final String CANCELLED = "CANCELLED";

    private final UUID timerId;
    private final UUID ticketId;
    private final String target;
    private final String channelId;
    private final boolean businessHours;
    private final Instant startedAt;
    private UUID departmentId;
    private UUID agentId;
    private Instant dueAt;
    private String outcome;
    private Long elapsedSeconds;
    private Instant closedAt;
    private boolean described;

    public ReportedTimer(UUID timerId, UUID ticketId, String target, UUID departmentId, UUID agentId,
            String channelId, boolean businessHours, Instant startedAt, Instant dueAt, String outcome,
            Long elapsedSeconds, Instant closedAt) {
        this.timerId = timerId;
        this.ticketId = ticketId;
        this.target = target;
        this.departmentId = departmentId;
        this.agentId = agentId;
        this.channelId = channelId;
        this.businessHours = businessHours;
        this.startedAt = startedAt;
        this.dueAt = dueAt;
        this.outcome = outcome;
        this.elapsedSeconds = elapsedSeconds;
        this.closedAt = closedAt;
        this.described = true;
    }

    /** A timer the read model has not seen: its first event's snapshot describes it. */
    public static ReportedTimer unseen(SlaTimerSnapshot timer) {
        ReportedTimer unseen = new ReportedTimer(timer.timerId(), timer.ticketId(), timer.target().name(), null, null,
                timer.channelId(), timer.businessHours(), timer.startedAt(), timer.dueAt(), OPEN, null, null);
        unseen.described = false;
        return unseen;
    }

    /**
     * The timer as its snapshot describes it (department, agent, due time). A new timer is counted as started; one
     * already counted (started, and met or breached) moves with its department and agent.
     */
    public void describe(SlaTimerSnapshot timer, TimerEffects effects) {
        boolean moved = described && !CANCELLED.equals(outcome)
                && (!Objects.equals(departmentId, timer.departmentId()) || !Objects.equals(agentId, timer.assigneeId()));
        if (!described) {
            effects.count(startedAt, timer.departmentId(), timer.assigneeId(), channelId, target, 1, 0, 0);
        } else if (moved) {
            effects.count(startedAt, timer.departmentId(), timer.assigneeId(), channelId, target, 1, 0, 0);
            effects.count(startedAt, departmentId, agentId, channelId, target, -1, 0, 0);
            if (MET.equals(outcome) || BREACHED.equals(outcome)) {
                int met = MET.equals(outcome) ? 1 : 0;
                int breached = BREACHED.equals(outcome) ? 1 : 0;
                effects.count(closedAt, timer.departmentId(), timer.assigneeId(), channelId, target, 0, met, breached);
                effects.count(closedAt, departmentId, agentId, channelId, target, 0, -met, -breached);
            }
            if (measuredInBusinessHours()) {
                effects.duration(closedAt, timer.departmentId(), timer.assigneeId(), channelId, target, elapsedSeconds, 1);
                effects.duration(closedAt, departmentId, agentId, channelId, target, elapsedSeconds, -1);
            }
        }
        departmentId = timer.departmentId();
        agentId = timer.assigneeId();
        dueAt = timer.dueAt();
        described = true;
    }

    /** A breach is final for compliance, counted at its due time, even if the clock goes on until the reply. */
    public void breach(Instant due, TimerEffects effects) {
        if (OPEN.equals(outcome)) {
            outcome = BREACHED;
            closedAt = due;
            effects.count(closedAt, departmentId, agentId, channelId, target, 0, 0, 1);
        }
    }

    /** Stopped by the answer: met, unless it breached (then it stays counted as breached, at its due time). */
    public void stop(boolean breachedNow, long elapsed, Instant at, TimerEffects effects) {
        if (!OPEN.equals(outcome) && !BREACHED.equals(outcome)) {
            return;
        }
        boolean wasOpen = OPEN.equals(outcome);
        if (measuredInBusinessHours()) {
            effects.duration(closedAt, departmentId, agentId, channelId, target, elapsedSeconds, -1);
        }
        elapsedSeconds = elapsed;
        if (breachedNow || BREACHED.equals(outcome)) {
            closedAt = closedAt != null ? closedAt : dueAt != null ? dueAt : at;
            outcome = BREACHED;
        } else {
            closedAt = at;
            outcome = MET;
        }
        if (wasOpen) {
            effects.count(closedAt, departmentId, agentId, channelId, target, 0, MET.equals(outcome) ? 1 : 0,
                    BREACHED.equals(outcome) ? 1 : 0);
        }
        if (measuredInBusinessHours()) {
            effects.duration(closedAt, departmentId, agentId, channelId, target, elapsedSeconds, 1);
        }
    }

    /** What the business-hours response-time report counts: a stopped timer of a business-hours policy. */
    private boolean measuredInBusinessHours() {
        return businessHours && elapsedSeconds != null && closedAt != null;
    }

    /** A cancelled timer is left out of compliance altogether: it is no longer counted as started. */
    public void cancel(TimerEffects effects) {
        if (OPEN.equals(outcome)) {
            outcome = CANCELLED;
            effects.count(startedAt, departmentId, agentId, channelId, target, -1, 0, 0);
        }
    }

    public UUID timerId() {
        return timerId;
    }

    public UUID ticketId() {
        return ticketId;
    }

    public String target() {
        return target;
    }

    public UUID departmentId() {
        return departmentId;
    }

    public UUID agentId() {
        return agentId;
    }

    public String channelId() {
        return channelId;
    }

    public boolean businessHours() {
        return businessHours;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant dueAt() {
        return dueAt;
    }

    public String outcome() {
        return outcome;
    }

    public Long elapsedSeconds() {
        return elapsedSeconds;
    }

    public Instant closedAt() {
        return closedAt;
    }
}
