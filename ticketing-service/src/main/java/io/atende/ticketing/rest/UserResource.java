package io.atende.ticketing.rest;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.atende.ticketing.rest.AdminViews.AvailabilityBody;
import io.atende.ticketing.rest.AdminViews.UserBody;
import io.atende.ticketing.rest.AdminViews.UserView;
import io.atende.ticketing.service.Users;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Users are matched to bearer tokens by name: {@code username} = the token's {@code upn} (else {@code sub}). */
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "users")
public class UserResource {

    private final Users users;
    private final Callers callers;

    public UserResource(Users users, Callers callers) {
        this.users = users;
        this.callers = callers;
    }

    @GET
    @RolesAllowed({ "admin", "supervisor" })
    public Uni<List<UserView>> list() {
        return users.users();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ "admin", "supervisor" })
    public Uni<UserView> get(@PathParam("id") UUID id) {
        return users.user(id);
    }

    @POST
    @RolesAllowed("admin")
    @Operation(summary = "Register a user: username (= token name), role, departments served, availability, capacity")
    public Uni<UserView> create(UserBody body) {
        return users.createUser(body);
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed("admin")
    @Operation(summary = "Change a user; fields left null stay as they are")
    public Uni<UserView> update(@PathParam("id") UUID id, UserBody body) {
        return users.updateUser(callers.current(), id, body);
    }

    @GET
    @Path("/me")
    @RolesAllowed({ "admin", "supervisor", "agent" })
    @Operation(summary = "The registered user behind my token")
    public Uni<UserView> me() {
        return users.me(callers.current());
    }

    @PUT
    @Path("/me/availability")
    @RolesAllowed({ "admin", "supervisor", "agent" })
    @Operation(summary = "Switch my availability: ONLINE, PAUSED or OFFLINE (see atende.ticketing.offline-agent-tickets)")
    public Uni<UserView> availability(AvailabilityBody body) {
        return users.setMyAvailability(callers.current(), body);
    }
}
