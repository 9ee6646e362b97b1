package io.atende.ticketing.repository;

import java.util.List;
import java.util.UUID;

import io.atende.contracts.ticket.TicketStatus;
import io.atende.ticketing.Ticket;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class TicketRepository implements PanacheRepositoryBase<Ticket, UUID> {

    private static final List<TicketStatus> FINISHED = List.of(TicketStatus.RESOLVED, TicketStatus.CLOSED);

    /** The conversation's active ticket, if any (there is at most one: a unique index says so). */
    public Uni<Ticket> findActive(String channelId, String contactAddress) {
        return find("channelId = ?1 and contactAddress = ?2 and status not in ?3", channelId, contactAddress, FINISHED)
                .firstResult();
    }

    public Uni<Ticket> findByNumber(long number) {
        return find("number", number).firstResult();
    }

    /** A contact's tickets across channels, newest first. */
    public Uni<List<Ticket>> findByContact(String contactAddress, int limit) {
        return find("contactAddress", Sort.by("openedAt", Sort.Direction.Descending), contactAddress).page(0, limit).list();
    }

    public Uni<Long> nextNumber() {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("select nextval('ticket_number_seq')", Long.class).getSingleResult());
    }
}
