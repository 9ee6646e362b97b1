package io.atende.ticketing.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.atende.ticketing.rest.AdminViews.ChannelSettingsBody;
import io.atende.ticketing.rest.AdminViews.ChannelSettingsView;
import io.atende.ticketing.service.ChannelSettingsAdmin;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** How ticketing serves a channel (the channel itself lives in channel-gateway). */
@Path("/channels/{channelId}/settings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "channel settings")
@RolesAllowed("admin")
public class ChannelSettingsResource {

    private final ChannelSettingsAdmin settings;

    public ChannelSettingsResource(ChannelSettingsAdmin settings) {
        this.settings = settings;
    }

    @GET
    public Uni<ChannelSettingsView> get(@PathParam("channelId") String channelId) {
        return settings.channelSettings(channelId);
    }

    @PUT
    @Operation(summary = "Departments served (menu order), default department, menu texts (null = Portuguese defaults)")
    public Uni<ChannelSettingsView> put(@PathParam("channelId") String channelId, ChannelSettingsBody body) {
        return settings.putChannelSettings(channelId, body);
    }
}
