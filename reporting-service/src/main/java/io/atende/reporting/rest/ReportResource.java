package io.atende.reporting.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.atende.platform.rest.ProblemException;
import io.atende.reporting.repository.ReadModelRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/reports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "reports")
@RolesAllowed({ "admin", "supervisor" })
public class ReportResource {

    /** Open bounds: everything since the first event, up to now. */
    private static final Instant BEGINNING = Instant.EPOCH;

    private final ReadModelRepository readModels;

    public ReportResource(ReadModelRepository readModels) {
        this.readModels = readModels;
    }

    @GET
    @Path("/summary")
    @WithSession
    @Operation(summary = "Tickets opened and SLA breaches in a period")
    public Uni<SummaryReport> summary(
            @Parameter(description = "ISO-8601 instant, inclusive; default: the beginning") @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 instant, exclusive; default: now") @QueryParam("to") String to) {
        Instant start = instant("from", from, BEGINNING);
        Instant end = instant("to", to, Instant.now());
        if (start.isAfter(end)) {
            throw ProblemException.badRequest("'from' (" + start + ") is after 'to' (" + end + ")");
        }
        return readModels.countOpened(start, end).flatMap(opened -> readModels.countBreaches(start, end)
                .map(breaches -> new SummaryReport(start, end, opened, breaches)));
    }

    private static Instant instant(String name, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("'" + name + "' is not an ISO-8601 instant: " + value);
        }
    }
}
