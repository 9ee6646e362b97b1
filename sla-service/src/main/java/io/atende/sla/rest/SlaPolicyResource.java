package io.atende.sla.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.atende.contracts.Priority;
import io.atende.sla.SlaPolicy;
import io.atende.sla.service.SlaPolicies;
import io.atende.sla.service.SlaPolicies.PolicyRequest;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/sla/policies")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "sla-administration")
@RolesAllowed({ "admin", "supervisor" })
public class SlaPolicyResource {

    /**
     * A policy: targets in seconds; null department or priority matches any (both null: the default policy); no
     * calendar means calendar time.
     */
    public record PolicyView(UUID id, UUID departmentId, Priority priority, long firstResponseSeconds,
            long nextResponseSeconds, long resolutionSeconds, int warningPercent, UUID calendarId,
            boolean businessHours) {

        static PolicyView of(SlaPolicy row) {
            return new PolicyView(row.id, row.departmentId, row.priority, row.firstResponseSeconds,
                    row.nextResponseSeconds, row.resolutionSeconds, row.warningPercent, row.calendarId,
                    row.calendarId != null);
        }
    }

    private final SlaPolicies service;

    public SlaPolicyResource(SlaPolicies service) {
        this.service = service;
    }

    @GET
    @WithSession
    @Operation(summary = "Every SLA policy (the most specific one applies to a ticket; without any, the configured default)")
    public Uni<List<PolicyView>> list() {
        return service.policies().map(rows -> rows.stream().map(PolicyView::of).toList());
    }

    @GET
    @Path("{id}")
    @WithSession
    @Operation(summary = "One policy")
    @APIResponse(responseCode = "404", description = "No such policy")
    public Uni<PolicyView> get(@PathParam("id") UUID id) {
        return service.policy(id).map(PolicyView::of);
    }

    @POST
    @RolesAllowed("admin")
    @Operation(summary = "Create a policy for a department and/or priority (both omitted: the default policy)")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Zero or negative target, warning percent outside 1-99, unknown calendar")
    @APIResponse(responseCode = "409", description = "A policy for that department and priority exists")
    public Uni<Response> create(PolicyRequest request) {
        return service.createPolicy(request).map(row -> Response.created(URI.create("/sla/policies/" + row.id))
                .entity(PolicyView.of(row)).build());
    }

    @PUT
    @Path("{id}")
    @RolesAllowed("admin")
    @Operation(summary = "Replace a policy; it applies to timers started or re-targeted from now on")
    @APIResponse(responseCode = "400", description = "Zero or negative target, warning percent outside 1-99, unknown calendar")
    @APIResponse(responseCode = "404", description = "No such policy")
    public Uni<PolicyView> update(@PathParam("id") UUID id, PolicyRequest request) {
        return service.updatePolicy(id, request).map(PolicyView::of);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed("admin")
    @Operation(summary = "Delete a policy")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such policy")
    public Uni<Void> delete(@PathParam("id") UUID id) {
        return service.deletePolicy(id);
    }
}
