package io.atende.sla.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.atende.contracts.sla.SlaTarget;
import io.atende.sla.SlaTimer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class SlaTimerRepository implements PanacheRepositoryBase<SlaTimer, UUID> {

    public Uni<List<SlaTimer>> running(UUID ticketId, SlaTarget target) {
        return list("ticketId = ?1 and target = ?2 and state = ?3", ticketId, target, SlaTimer.State.RUNNING);
    }

    public Uni<List<SlaTimer>> allRunning(UUID ticketId) {
        return list("ticketId = ?1 and state = ?2", ticketId, SlaTimer.State.RUNNING);
    }

    public Uni<List<SlaTimer>> ofTicket(UUID ticketId) {
        return list("ticketId", Sort.by("cycle").and("target"), ticketId);
    }

    public Uni<Integer> currentCycle(UUID ticketId) {
        return find("select coalesce(max(cycle), 0) from SlaTimer where ticketId = ?1", ticketId)
                .project(Integer.class).singleResult();
    }

    /**
     * Running timers whose warning or due time has come, locked for this transaction. SKIP LOCKED lets replicas
     * share the work without ever taking the same timer.
     */
    public Uni<List<SlaTimer>> lockDue(Instant now, int limit) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                select * from sla_timer
                where state = 'RUNNING' and ((not breached and due_at <= :now) or (not warned and warn_at <= :now))
                order by least(case when warned then due_at else warn_at end, due_at)
                limit :limit
                for update skip locked
                """, SlaTimer.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList());
    }
}
