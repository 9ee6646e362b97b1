package io.atende.ticketing.repository;

import java.util.List;
import java.util.UUID;

import io.atende.ticketing.TicketTransfer;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class TicketTransferRepository implements PanacheRepositoryBase<TicketTransfer, UUID> {

    public Uni<List<TicketTransfer>> ofTicket(UUID ticketId) {
        return find("ticketId", Sort.by("transferredAt").and("id"), ticketId).list();
    }
}
