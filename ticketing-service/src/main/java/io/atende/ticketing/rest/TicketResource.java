package io.atende.ticketing.rest;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.atende.platform.rest.ProblemException;
import io.atende.ticketing.Ticket;
import io.atende.ticketing.mapping.TicketMapper;
import io.atende.ticketing.repository.ContactRepository;
import io.atende.ticketing.repository.DepartmentRepository;
import io.atende.ticketing.repository.TicketMessageRepository;
import io.atende.ticketing.repository.TicketRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/tickets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tickets")
// Agents see their departments' tickets once users and departments exist (issue 4); until then admins and supervisors.
@RolesAllowed({ "admin", "supervisor" })
public class TicketResource {

    private static final int FIRST_PAGE_SIZE = 50;
    private static final int SEARCH_LIMIT = 20;

    private final TicketRepository tickets;
    private final TicketMessageRepository messages;
    private final ContactRepository contacts;
    private final DepartmentRepository departments;
    private final TicketMapper mapper;

    public TicketResource(TicketRepository tickets, TicketMessageRepository messages, ContactRepository contacts,
            DepartmentRepository departments, TicketMapper mapper) {
        this.tickets = tickets;
        this.messages = messages;
        this.contacts = contacts;
        this.departments = departments;
        this.mapper = mapper;
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(summary = "A ticket with the first page of its conversation")
    public Uni<TicketView> get(@PathParam("id") UUID id) {
        return tickets.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no ticket " + id))
                .flatMap(this::view);
    }

    @GET
    @WithSession
    @Operation(summary = "Find tickets by number (as a person quotes it, with or without '#') or by contact address")
    public Uni<List<TicketView>> search(@QueryParam("number") String number, @QueryParam("contact") String contact) {
        if (number != null && !number.isBlank()) {
            return tickets.findByNumber(parseNumber(number))
                    .flatMap(ticket -> ticket == null ? Uni.createFrom().item(List.<TicketView>of())
                            : view(ticket).map(List::of));
        }
        if (contact != null && !contact.isBlank()) {
            return tickets.findByContact(contact.strip(), SEARCH_LIMIT).flatMap(this::views);
        }
        throw ProblemException.badRequest("give a ticket 'number' or a 'contact' address to search for");
    }

    private static long parseNumber(String number) {
        try {
            return Long.parseLong(number.strip().replaceFirst("^#", ""));
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("not a ticket number: " + number);
        }
    }

    private Uni<List<TicketView>> views(List<Ticket> found) {
        if (found.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // One session: its queries run one after another.
        return Multi.createFrom().iterable(found).onItem().transformToUniAndConcatenate(this::view).collect().asList();
    }

    private Uni<TicketView> view(Ticket ticket) {
        return contacts.findById(ticket.contactId).flatMap(contact -> departments.findById(ticket.departmentId)
                .flatMap(department -> messages.page(ticket.id, 0, FIRST_PAGE_SIZE)
                        .map(page -> mapper.view(ticket, contact, department, page))));
    }
}
