package io.atende.sla;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.Priority;
import io.atende.contracts.sla.SlaTarget;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A durable SLA timer: one target of one ticket cycle. */
@Entity
@Table(name = "sla_timer")
public class SlaTimer extends PanacheEntityBase {

    public enum State {
        /** Counting; may already be breached (a breach does not stop the clock: the response is still owed). */
        RUNNING,
        /** Standing still while the ticket waits on the customer. */
        PAUSED,
        /** Stopped by the response or resolution it measures. */
        STOPPED,
        /** No longer applies (ticket resolved, closed or reopened before the target was reached; re-targeted). */
        CANCELLED
    }

    @Id
    public UUID id;

    @Column(name = "ticket_id")
    public UUID ticketId;

    @Column(name = "ticket_number")
    public long ticketNumber;

    public int cycle;

    /** Several timers of one target in a cycle: each next-response round, each re-target. */
    public int round;

    @Enumerated(EnumType.STRING)
    public SlaTarget target;

    @Column(name = "department_id")
    public UUID departmentId;

    @Column(name = "assignee_id")
    public UUID assigneeId;

    @Enumerated(EnumType.STRING)
    public Priority priority;

    @Column(name = "channel_id")
    public String channelId;

    @Column(name = "target_seconds")
    public long targetSeconds;

    @Column(name = "warn_percent")
    public int warnPercent;

    @Column(name = "business_hours")
    public boolean businessHours;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "warn_at")
    public Instant warnAt;

    @Column(name = "due_at")
    public Instant dueAt;

    @Enumerated(EnumType.STRING)
    public State state;

    public boolean warned;

    public boolean breached;

    @Column(name = "stopped_at")
    public Instant stoppedAt;

    @Column(name = "policy_id")
    public UUID policyId;

    @Column(name = "calendar_id")
    public UUID calendarId;

    /** Time counted before the current segment (business time where the calendar says so). */
    @Column(name = "counted_millis")
    public long countedMillis;

    /** When the current running segment began: the start, the last resume or the last re-target. */
    @Column(name = "segment_started_at")
    public Instant segmentStartedAt;

    @Column(name = "paused_at")
    public Instant pausedAt;

    public boolean isOpen() {
        return state == State.RUNNING || state == State.PAUSED;
    }

    /** The measured response happened at {@code at}, {@code counted} into the target. */
    public void stop(Instant at, long counted) {
        end(State.STOPPED, at, counted);
    }

    /** The target no longer applies from {@code at} on (resolved, closed, reopened, re-targeted). */
    public void cancel(Instant at, long counted) {
        end(State.CANCELLED, at, counted);
    }

    private void end(State end, Instant at, long counted) {
        countedMillis = counted;
        state = end;
        stoppedAt = at;
    }

    /** Stands still from {@code at}, keeping what it counted. */
    public void pause(Instant at, long counted) {
        countedMillis = counted;
        state = State.PAUSED;
        pausedAt = at;
    }

    /** Counts again from {@code at} (never from before the pause); the caller schedules the new due time. */
    public void resume(Instant at) {
        segmentStartedAt = at.isBefore(pausedAt) ? pausedAt : at;
        state = State.RUNNING;
        pausedAt = null;
    }

    public void noteWarned() {
        warned = true;
    }

    /** A breach implies the warning: it is never raised after the breach. */
    public void noteBreached() {
        breached = true;
        warned = true;
    }
}
