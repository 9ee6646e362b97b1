package io.atende.sla.rest;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.atende.sla.SlaCalendar;
import io.atende.sla.mapping.CalendarMapper;
import io.atende.sla.mapping.CalendarMapper.IntervalJson;
import io.atende.sla.service.SlaPolicies;
import io.atende.sla.service.SlaPolicies.CalendarRequest;
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

@Path("/sla/calendars")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "sla-administration")
@RolesAllowed({ "admin", "supervisor" })
public class SlaCalendarResource {

    /** A business-hours calendar as the API shows it. */
    public record CalendarView(UUID id, String name, String timeZone, List<IntervalJson> intervals,
            List<LocalDate> holidays) {
    }

    private final SlaPolicies service;
    private final CalendarMapper mapper;

    public SlaCalendarResource(SlaPolicies service, CalendarMapper mapper) {
        this.service = service;
        this.mapper = mapper;
    }

    @GET
    @WithSession
    @Operation(summary = "Every business-hours calendar")
    public Uni<List<CalendarView>> list() {
        return service.calendars().map(rows -> rows.stream().map(this::view).toList());
    }

    @GET
    @Path("{id}")
    @WithSession
    @Operation(summary = "One calendar")
    @APIResponse(responseCode = "404", description = "No such calendar")
    public Uni<CalendarView> get(@PathParam("id") UUID id) {
        return service.calendarRow(id).map(this::view);
    }

    @POST
    @RolesAllowed("admin")
    @Operation(summary = "Create a calendar: weekly open intervals (several a day, HH:mm, end exclusive, 24:00 allowed), "
            + "holidays (dates) and a time zone (default America/Sao_Paulo)")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Overlapping or malformed intervals, unknown time zone")
    @APIResponse(responseCode = "409", description = "A calendar with that name exists")
    public Uni<Response> create(CalendarRequest request) {
        return service.createCalendar(request).map(row -> Response.created(URI.create("/sla/calendars/" + row.id))
                .entity(view(row)).build());
    }

    @PUT
    @Path("{id}")
    @RolesAllowed("admin")
    @Operation(summary = "Replace a calendar; running timers keep their due times, new and re-targeted ones use it")
    @APIResponse(responseCode = "400", description = "Overlapping or malformed intervals, unknown time zone")
    @APIResponse(responseCode = "404", description = "No such calendar")
    public Uni<CalendarView> update(@PathParam("id") UUID id, CalendarRequest request) {
        return service.updateCalendar(id, request).map(this::view);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed("admin")
    @Operation(summary = "Delete a calendar that no policy and no running or paused timer uses")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such calendar")
    @APIResponse(responseCode = "409", description = "A policy or an unfinished timer uses it")
    public Uni<Void> delete(@PathParam("id") UUID id) {
        return service.deleteCalendar(id);
    }

    private CalendarView view(SlaCalendar row) {
        return new CalendarView(row.id, row.name, row.timeZone, mapper.intervals(row), mapper.holidays(row));
    }
}
