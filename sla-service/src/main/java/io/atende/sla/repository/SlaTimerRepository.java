package io.atende.sla.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.atende.sla.SlaTimer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class SlaTimerRepository implements PanacheRepositoryBase<SlaTimer, UUID> {

    public Uni<List<SlaTimer>> ofTicket(UUID ticketId) {
        return list("ticketId", Sort.by("cycle").and("target").and("round"), ticketId);
    }

    /**
     * Running timers of a department that are warned, breached or due before {@code horizon}: soonest due first.
     */
    public Uni<List<SlaTimer>> atRisk(UUID departmentId, Instant horizon, int limit) {
        return find("departmentId = ?1 and state = ?2 and (warned or breached or dueAt <= ?3) order by dueAt",
                departmentId, SlaTimer.State.RUNNING, horizon).page(0, limit).list();
    }

    /** Running or paused timers that count in the calendar. */
    public Uni<Long> countUnfinishedIn(UUID calendarId) {
        return count("calendarId = ?1 and state in ?2", calendarId, List.of(SlaTimer.State.RUNNING, SlaTimer.State.PAUSED));
    }

    /**
     * Running timers whose warning or due time has come, locked for this transaction. SKIP LOCKED lets replicas
     * share the work without ever taking the same timer.
     */
    public Uni<List<SlaTimer>> lockDue(Instant now, int limit) {
        // One range scan of each partial index (due, warning) rather than an OR the planner answers with a full scan
        // of every running timer; the locked rows are re-read, so a timer another replica fired in between comes
        // back marked and is not fired twice.
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                select * from sla_timer
                where id in ((select id from sla_timer
                              where state = 'RUNNING' and not breached and due_at <= :now
                              order by due_at limit :limit)
                             union
                             (select id from sla_timer
                              where state = 'RUNNING' and not warned and warn_at <= :now
                              order by warn_at limit :limit))
                  and state = 'RUNNING'
                order by least(case when warned then due_at else warn_at end, due_at)
                limit :limit
                for update skip locked
                """, SlaTimer.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList());
    }
}
