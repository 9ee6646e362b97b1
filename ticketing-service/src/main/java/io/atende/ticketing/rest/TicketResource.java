package io.atende.ticketing.rest;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.atende.platform.rest.ProblemException;
import io.atende.ticketing.service.TicketActions;
import io.atende.ticketing.service.TicketQueries;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The agent API. An agent sees and acts on the tickets of the departments it serves (and acts only on unowned
 * tickets and its own), a supervisor on its departments' tickets, an admin on all. Errors are problem+json: 400
 * invalid body, 403 another department's ticket, 404 unknown ticket/department/user, 409 wrong state.
 */
@Path("/tickets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tickets")
@RolesAllowed({ "admin", "supervisor", "agent" })
@APIResponse(responseCode = "400", description = "invalid request (problem+json)")
@APIResponse(responseCode = "403", description = "not a ticket of a department you serve (problem+json)")
@APIResponse(responseCode = "404", description = "unknown ticket, department or user (problem+json)")
public class TicketResource {

    private static final int DEFAULT_PAGE_SIZE = 50;
    private static final int SEARCH_LIMIT = 20;

    private final TicketQueries queries;
    private final TicketActions actions;
    private final Callers callers;

    public TicketResource(TicketQueries queries, TicketActions actions, Callers callers) {
        this.queries = queries;
        this.actions = actions;
        this.callers = callers;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A ticket with one page of its conversation (oldest first)")
    public Uni<TicketView> get(@PathParam("id") UUID id, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) {
        return queries.ticket(callers.current(), id, page, size);
    }

    @GET
    @Operation(summary = "Find tickets by number (as a person quotes it, with or without '#') or by contact address;"
            + " only tickets of departments you serve are listed")
    public Uni<List<TicketView>> search(@QueryParam("number") String number, @QueryParam("contact") String contact) {
        if (number != null && !number.isBlank()) {
            return queries.byNumber(callers.current(), parseNumber(number), DEFAULT_PAGE_SIZE);
        }
        if (contact != null && !contact.isBlank()) {
            return queries.byContact(callers.current(), contact.strip(), SEARCH_LIMIT, DEFAULT_PAGE_SIZE);
        }
        throw ProblemException.badRequest("give a ticket 'number' or a 'contact' address to search for");
    }

    @GET
    @Path("/mine")
    @Operation(summary = "My tickets: OPEN or WAITING_ON_CUSTOMER tickets I own, oldest first")
    public Uni<List<TicketSummary>> mine(@QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) {
        return queries.mine(callers.current(), page, size);
    }

    @GET
    @Path("/{id}/transfers")
    @Operation(summary = "The ticket's transfer audit trail: who moved it, when, why")
    public Uni<List<TransferView>> transfers(@PathParam("id") UUID id) {
        return queries.transfers(callers.current(), id);
    }

    @POST
    @Path("/{id}/replies")
    @Operation(summary = "Reply to the customer: stored as an AGENT message, sent through channel.outbound.v1")
    @APIResponse(responseCode = "409", description = "the ticket is not QUEUED, OPEN or WAITING_ON_CUSTOMER")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<TicketSummary> reply(@PathParam("id") UUID id, TicketRequests.Reply body) {
        return actions.reply(callers.current(), id, body);
    }

    @POST
    @Path("/{id}/accept")
    @Operation(summary = "Take a QUEUED ticket from the department queue: it becomes OPEN and mine")
    @APIResponse(responseCode = "409", description = "the ticket is not QUEUED (e.g. already owned)")
    public Uni<TicketSummary> accept(@PathParam("id") UUID id) {
        return actions.accept(callers.current(), id);
    }

    @POST
    @Path("/{id}/transfer")
    @Operation(summary = "Transfer to another department and/or user, with a reason (audited)")
    @APIResponse(responseCode = "409", description = "the ticket is finished, or the user does not serve the department")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<TicketSummary> transfer(@PathParam("id") UUID id, TicketRequests.Transfer body) {
        return actions.transfer(callers.current(), id, body);
    }

    @PUT
    @Path("/{id}/priority")
    @Operation(summary = "Set the priority: LOW, NORMAL, HIGH, URGENT")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<TicketSummary> priority(@PathParam("id") UUID id, TicketRequests.SetPriority body) {
        return actions.setPriority(callers.current(), id, body);
    }

    @POST
    @Path("/{id}/waiting")
    @Operation(summary = "Wait on the customer (pauses the team's SLA clocks); the customer's next message reopens it")
    @APIResponse(responseCode = "409", description = "the ticket is not OPEN")
    public Uni<TicketSummary> waiting(@PathParam("id") UUID id) {
        return actions.waitOnCustomer(callers.current(), id);
    }

    @POST
    @Path("/{id}/resolve")
    @Operation(summary = "Resolve the ticket")
    @APIResponse(responseCode = "409", description = "the ticket is already RESOLVED or CLOSED")
    public Uni<TicketSummary> resolve(@PathParam("id") UUID id) {
        return actions.resolve(callers.current(), id);
    }

    @POST
    @Path("/{id}/reopen")
    @Operation(summary = "Reopen a RESOLVED ticket (CLOSED never reopens)")
    @APIResponse(responseCode = "409", description = "the ticket is not RESOLVED, or its conversation has an active ticket")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<TicketSummary> reopen(@PathParam("id") UUID id, TicketRequests.WithReason body) {
        return actions.reopen(callers.current(), id, body);
    }

    @POST
    @Path("/{id}/close")
    @Operation(summary = "Close the ticket for good")
    @APIResponse(responseCode = "409", description = "the ticket is already CLOSED")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<TicketSummary> close(@PathParam("id") UUID id, TicketRequests.WithReason body) {
        return actions.close(callers.current(), id, body);
    }

    private static long parseNumber(@Parameter(description = "e.g. 1042 or #1042") String number) {
        try {
            return Long.parseLong(number.strip().replaceFirst("^#", ""));
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("not a ticket number: " + number);
        }
    }
}
