package io.atende.reporting.rest;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.atende.reporting.repository.ReportQueries.Dimension;
import io.atende.reporting.service.ReportService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The reports. Common filters: {@code from} / {@code to} (ISO-8601 instants, [from, to), default the last 30 days),
 * {@code tz} (zone for buckets), {@code department}, {@code agent}, {@code channel}. JSON, or CSV with
 * {@code Accept: text/csv}.
 */
@Path("/reports")
@Tag(name = "reports")
@RolesAllowed({ "admin", "supervisor" })
public class ReportResource {

    private final ReportService reports;
    private final ReportRequests requests;

    public ReportResource(ReportService reports, ReportRequests requests) {
        this.reports = reports;
        this.requests = requests;
    }

    @GET
    @Path("/overview")
    @Produces({ MediaType.APPLICATION_JSON, ReportCsvWriter.TEXT_CSV })
    @Operation(summary = "Live: tickets by department and status, unassigned queues, the oldest waiting ticket")
    public Uni<Report> overview(@QueryParam("department") String department, @QueryParam("channel") String channel) {
        return reports.overview(requests.filter(null, null, null, department, null, channel));
    }

    @GET
    @Path("/volume")
    @Produces({ MediaType.APPLICATION_JSON, ReportCsvWriter.TEXT_CSV })
    @Operation(summary = "Tickets created and resolved per hour, day or week, by department, agent or channel")
    public Uni<Report> volume(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("tz") String tz, @QueryParam("department") String department,
            @QueryParam("agent") String agent, @QueryParam("channel") String channel,
            @Parameter(description = "hour, day (default) or week; coarsened for long periods")
            @QueryParam("interval") String interval,
            @Parameter(description = "none (default), department, agent or channel") @QueryParam("by") String by) {
        var filter = requests.filter(from, to, tz, department, agent, channel);
        return reports.volume(filter, requests.interval(interval, filter), requests.dimension(by, Dimension.NONE));
    }

    @GET
    @Path("/response-times")
    @Produces({ MediaType.APPLICATION_JSON, ReportCsvWriter.TEXT_CSV })
    @Operation(summary = "First response, next response and resolution: count, average, median, p90; calendar and business hours")
    public Uni<Report> responseTimes(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("tz") String tz, @QueryParam("department") String department,
            @QueryParam("agent") String agent, @QueryParam("channel") String channel, @QueryParam("by") String by) {
        return reports.responseTimes(requests.filter(from, to, tz, department, agent, channel),
                requests.dimension(by, Dimension.NONE));
    }

    @GET
    @Path("/sla")
    @Produces({ MediaType.APPLICATION_JSON, ReportCsvWriter.TEXT_CSV })
    @Operation(summary = "SLA compliance per target: met, breached, still open, met / (met + breached)")
    public Uni<Report> sla(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tz") String tz,
            @QueryParam("department") String department, @QueryParam("agent") String agent,
            @QueryParam("channel") String channel, @QueryParam("by") String by) {
        return reports.sla(requests.filter(from, to, tz, department, agent, channel),
                requests.dimension(by, Dimension.DEPARTMENT));
    }

    @GET
    @Path("/agents")
    @Produces({ MediaType.APPLICATION_JSON, ReportCsvWriter.TEXT_CSV })
    @Operation(summary = "Per agent: tickets handled, first-response and resolution times, SLA compliance")
    public Uni<Report> agents(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("tz") String tz, @QueryParam("department") String department,
            @QueryParam("agent") String agent, @QueryParam("channel") String channel) {
        return reports.agents(requests.filter(from, to, tz, department, agent, channel));
    }

    @GET
    @Path("/channels")
    @Produces({ MediaType.APPLICATION_JSON, ReportCsvWriter.TEXT_CSV })
    @Operation(summary = "Per channel: messages in and out, downtime from connection epochs, pre-link history discarded")
    public Uni<Report> channels(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("tz") String tz, @QueryParam("channel") String channel) {
        return reports.channels(requests.filter(from, to, tz, null, null, channel));
    }

    @GET
    @Path("/summary")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Tickets opened and SLA breaches in a period")
    public Uni<Map<String, Object>> summary(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("department") String department) {
        return reports.summary(requests.filter(from, to, null, department, null, null));
    }
}
