package io.atende.ticketing.rest;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.atende.ticketing.rest.AdminViews.DepartmentBody;
import io.atende.ticketing.rest.AdminViews.DepartmentView;
import io.atende.ticketing.service.Departments;
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

@Path("/departments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "departments")
public class DepartmentResource {

    private final Departments departments;
    private final TicketQueries queries;
    private final Callers callers;

    public DepartmentResource(Departments departments, TicketQueries queries, Callers callers) {
        this.departments = departments;
        this.queries = queries;
        this.callers = callers;
    }

    @GET
    @RolesAllowed({ "admin", "supervisor", "agent" })
    @Operation(summary = "All departments")
    public Uni<List<DepartmentView>> list() {
        return departments.departments();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ "admin", "supervisor", "agent" })
    public Uni<DepartmentView> get(@PathParam("id") UUID id) {
        return departments.department(id);
    }

    @POST
    @RolesAllowed("admin")
    @Operation(summary = "Create a department; assignmentMode MANUAL (default), ROUND_ROBIN or LEAST_OPEN")
    public Uni<DepartmentView> create(DepartmentBody body) {
        return departments.createDepartment(body);
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed("admin")
    @Operation(summary = "Rename a department or change its assignment mode")
    public Uni<DepartmentView> update(@PathParam("id") UUID id, DepartmentBody body) {
        return departments.updateDepartment(id, body);
    }

    @GET
    @Path("/{id}/queue")
    @RolesAllowed({ "admin", "supervisor", "agent" })
    @Operation(summary = "The department's queue: QUEUED tickets (no owner), oldest first, paged")
    public Uni<List<TicketSummary>> queue(@PathParam("id") UUID id, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) {
        return queries.queue(callers.current(), id, page, size);
    }
}
