package io.atende.sla.repository;

import java.util.List;
import java.util.UUID;

import io.atende.sla.ParkedTicketEvent;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ParkedTicketEventRepository implements PanacheRepositoryBase<ParkedTicketEvent, UUID> {

    public Uni<List<ParkedTicketEvent>> ofTicket(UUID ticketId) {
        return list("ticketId", Sort.by("occurredAt"), ticketId);
    }
}
