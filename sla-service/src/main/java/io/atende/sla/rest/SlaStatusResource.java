package io.atende.sla.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.atende.platform.rest.ProblemException;
import io.atende.platform.security.SupervisedDepartments;
import io.atende.sla.service.SlaStatus;
import io.atende.sla.service.SlaStatus.TargetStatus;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sla")
@RolesAllowed({ "admin", "supervisor" })
public class SlaStatusResource {

    private final SlaStatus status;
    private final JsonWebToken caller;

    public SlaStatusResource(SlaStatus status, JsonWebToken caller) {
        this.status = status;
        this.caller = caller;
    }

    @GET
    @Path("tickets/{ticketId}/sla")
    @WithSession
    @Operation(summary = "The SLA targets of a ticket, every cycle and round: due time, remaining (business) time, "
            + "paused, met or breached (an empty list for a ticket the SLA service has not seen); a 403 for a ticket "
            + "whose latest cycle runs in a department the caller does not supervise")
    public Uni<List<TargetStatus>> ticket(@PathParam("ticketId") UUID ticketId) {
        SupervisedDepartments visible = SupervisedDepartments.of(caller);
        return status.ofTicket(ticketId, Instant.now()).invoke(targets -> {
            int latest = targets.stream().mapToInt(TargetStatus::cycle).max().orElse(0);
            if (!targets.isEmpty() && targets.stream().filter(target -> target.cycle() == latest)
                    .noneMatch(target -> visible.includes(target.departmentId()))) {
                throw ProblemException.forbidden("ticket " + ticketId + " is in a department you do not supervise");
            }
        });
    }

    /** A year: every target is due within that (and an instant past it would overflow). */
    static final long MAX_WITHIN_SECONDS = 366L * 24 * 3600;

    @GET
    @Path("departments/{departmentId}/sla/at-risk")
    @WithSession
    @Operation(summary = "Running targets of a department that are warned, breached or due within `withinSeconds` "
            + "(default 3600), soonest breach first")
    public Uni<List<TargetStatus>> atRisk(@PathParam("departmentId") UUID departmentId,
            @QueryParam("withinSeconds") @DefaultValue("3600") long withinSeconds,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (withinSeconds < 0 || withinSeconds > MAX_WITHIN_SECONDS || limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("withinSeconds must be 0-" + MAX_WITHIN_SECONDS
                    + " (a year) and limit 1-1000");
        }
        SupervisedDepartments.of(caller).require(departmentId);
        Instant now = Instant.now();
        return status.atRisk(departmentId, now, now.plusSeconds(withinSeconds), limit);
    }
}
