package io.atende.sla.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.atende.sla.ParkedTicketEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ParkedTicketEventRepository implements PanacheRepositoryBase<ParkedTicketEvent, UUID> {

    /** The oldest events parked before {@code parkedBefore}, locked; rows another replica holds are skipped. */
    public Uni<List<ParkedTicketEvent>> lockParkedBefore(Instant parkedBefore, int limit) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                select * from sla_parked_event where parked_at < :before
                order by parked_at
                limit :limit
                for update skip locked
                """, ParkedTicketEvent.class)
                .setParameter("before", parkedBefore)
                .setParameter("limit", limit)
                .getResultList());
    }
}
