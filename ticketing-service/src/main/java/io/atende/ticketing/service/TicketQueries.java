package io.atende.ticketing.service;

import java.util.List;
import java.util.UUID;

import io.atende.platform.rest.ProblemException;
import io.atende.ticketing.Ticket;
import io.atende.ticketing.mapping.TicketMapper;
import io.atende.ticketing.repository.ContactRepository;
import io.atende.ticketing.repository.DepartmentRepository;
import io.atende.ticketing.repository.TicketMessageRepository;
import io.atende.ticketing.repository.TicketRepository;
import io.atende.ticketing.repository.TicketTransferRepository;
import io.atende.ticketing.rest.TicketSummary;
import io.atende.ticketing.rest.TicketView;
import io.atende.ticketing.rest.TransferView;
import io.atende.ticketing.service.Access.Actor;
import io.atende.ticketing.service.Access.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** What agents read: queues, their tickets, a ticket with a page of its conversation; filtered by access. */
@ApplicationScoped
public class TicketQueries {

    public static final int MAX_PAGE_SIZE = 200;

    private final TicketRepository tickets;
    private final TicketMessageRepository messages;
    private final TicketTransferRepository transfers;
    private final ContactRepository contacts;
    private final DepartmentRepository departments;
    private final Access access;
    private final TicketJournal journal;
    private final TicketMapper mapper;

    public TicketQueries(TicketRepository tickets, TicketMessageRepository messages,
            TicketTransferRepository transfers, ContactRepository contacts, DepartmentRepository departments,
            Access access, TicketJournal journal, TicketMapper mapper) {
        this.tickets = tickets;
        this.messages = messages;
        this.transfers = transfers;
        this.contacts = contacts;
        this.departments = departments;
        this.access = access;
        this.journal = journal;
        this.mapper = mapper;
    }

    @WithSession
    public Uni<TicketView> ticket(Caller caller, UUID id, int page, int size) {
        checkPage(page, size);
        return access.actor(caller).flatMap(actor -> tickets.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no ticket " + id))
                .invoke(ticket -> access.checkSees(actor, ticket))
                .flatMap(ticket -> view(ticket, page, size)));
    }

    @WithSession
    public Uni<List<TicketView>> byNumber(Caller caller, long number, int size) {
        return access.actor(caller).flatMap(actor -> tickets.findByNumber(number).flatMap(ticket ->
                ticket == null || !actor.serves(ticket.departmentId) ? Uni.createFrom().item(List.<TicketView>of())
                        : view(ticket, 0, size).map(List::of)));
    }

    @WithSession
    public Uni<List<TicketView>> byContact(Caller caller, String contact, int limit, int size) {
        return access.actor(caller).flatMap(actor -> tickets.findByContact(contact, limit)
                .flatMap(found -> Multi.createFrom().iterable(found)
                        .filter(ticket -> actor.serves(ticket.departmentId))
                        .onItem().transformToUniAndConcatenate(ticket -> view(ticket, 0, size)).collect().asList()));
    }

    @WithSession
    public Uni<List<TicketSummary>> queue(Caller caller, UUID departmentId, int page, int size) {
        checkPage(page, size);
        return access.actor(caller).flatMap(actor -> departments.findById(departmentId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no department " + departmentId))
                .invoke(department -> {
                    if (!actor.serves(department.id)) {
                        throw ProblemException.forbidden("you do not serve department " + department.name);
                    }
                })
                .flatMap(department -> tickets.queue(department.id, page, size))
                .flatMap(this::summaries));
    }

    @WithSession
    public Uni<List<TicketSummary>> mine(Caller caller, int page, int size) {
        checkPage(page, size);
        return access.actor(caller).flatMap(actor -> tickets.ownedBy(actor.requireUser().id, page, size))
                .flatMap(this::summaries);
    }

    @WithSession
    public Uni<List<TransferView>> transfers(Caller caller, UUID id) {
        return access.actor(caller).flatMap(actor -> tickets.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no ticket " + id))
                .invoke(ticket -> access.checkSees(actor, ticket))
                .flatMap(ticket -> transfers.ofTicket(ticket.id))
                .map(all -> all.stream().map(mapper::view).toList()));
    }

    private Uni<List<TicketSummary>> summaries(List<Ticket> page) {
        if (page.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // Contacts in one query; departments and users come from the session's cache after the first look-up.
        List<UUID> contactIds = page.stream().map(ticket -> ticket.contactId).distinct().toList();
        return contacts.list("id in ?1", contactIds).flatMap(loaded -> Multi.createFrom().iterable(page)
                .onItem().transformToUniAndConcatenate(journal::summary).collect().asList());
    }

    private Uni<TicketView> view(Ticket ticket, int page, int size) {
        return contacts.findById(ticket.contactId).flatMap(contact -> departments.findById(ticket.departmentId)
                .flatMap(department -> messages.page(ticket.id, page, size)
                        .map(entries -> mapper.view(ticket, contact, department, entries))));
    }

    private static void checkPage(int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw ProblemException.badRequest("'page' must be 0 or more and 'size' between 1 and " + MAX_PAGE_SIZE);
        }
    }
}
