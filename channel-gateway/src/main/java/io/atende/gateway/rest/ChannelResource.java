package io.atende.gateway.rest;

import java.net.URI;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.atende.gateway.service.ChannelService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/channels")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "channels")
@RolesAllowed("admin")
public class ChannelResource {

    private final ChannelService channels;

    public ChannelResource(ChannelService channels) {
        this.channels = channels;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a WhatsApp channel and start its session: a QR to scan follows (state WAITING_FOR_QR)")
    public Uni<Response> create(NewChannel request) {
        return channels.create(request)
                .flatMap(channel -> channels.startOnEngine(channel.id, null).replaceWith(channel.id))
                .flatMap(channels::view)
                .map(view -> Response.created(URI.create("/channels/" + view.id())).entity(view).build());
    }

    @GET
    @Operation(summary = "Every channel with its session state")
    public Uni<List<ChannelView>> list() {
        return channels.list();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A channel: state, last QR, linkedAt, and how many pre-link messages were not imported")
    public Uni<ChannelView> get(@PathParam("id") String id) {
        return channels.view(id);
    }

    @POST
    @Path("/{id}/start")
    @Operation(summary = "Start the channel's session again, e.g. for a new QR after a logout")
    public Uni<ChannelView> start(@PathParam("id") String id) {
        return channels.start(id).flatMap(ignored -> channels.view(id));
    }

    @POST
    @Path("/{id}/logout")
    @Operation(summary = "Log the linked device out; the channel then needs a new QR scan")
    public Uni<ChannelView> logout(@PathParam("id") String id) {
        return channels.logout(id).flatMap(ignored -> channels.view(id));
    }
}
