package io.atende.sla.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.atende.contracts.sla.SlaTarget;
import io.atende.sla.SlaTimer;
import io.atende.sla.repository.SlaTimerRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/tickets/{ticketId}/sla")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sla")
@RolesAllowed({ "admin", "supervisor" })
public class SlaStatusResource {

    /** One target of a ticket: when it is due, what is left, and how it ended. */
    public record TargetStatus(SlaTarget target, int cycle, String state, Instant startedAt, Instant dueAt,
            long remainingSeconds, boolean warned, boolean breached, Instant stoppedAt) {
    }

    private final SlaTimerRepository timers;

    public SlaStatusResource(SlaTimerRepository timers) {
        this.timers = timers;
    }

    @GET
    @WithSession
    @Operation(summary = "The SLA targets of a ticket (an empty list for a ticket the SLA service has not seen)")
    public Uni<List<TargetStatus>> status(@PathParam("ticketId") UUID ticketId) {
        Instant now = Instant.now();
        return timers.ofTicket(ticketId).map(list -> list.stream().map(timer -> status(timer, now)).toList());
    }

    private static TargetStatus status(SlaTimer timer, Instant now) {
        Instant end = timer.state == SlaTimer.State.RUNNING ? now : timer.stoppedAt;
        long remaining = Duration.between(end, timer.dueAt).toSeconds();
        String state = timer.state == SlaTimer.State.STOPPED ? (timer.breached ? "BREACHED" : "MET")
                : timer.state == SlaTimer.State.CANCELLED ? "CANCELLED" : timer.breached ? "RUNNING_BREACHED" : "RUNNING";
        return new TargetStatus(timer.target, timer.cycle, state, timer.startedAt, timer.dueAt, remaining,
                timer.warned, timer.breached, timer.stoppedAt);
    }
}
