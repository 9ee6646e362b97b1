package io.atende.gateway.rest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.List;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.atende.gateway.mapping.QrImages;
import io.atende.gateway.security.LinkTokenIdentityProvider;
import io.atende.gateway.service.LinkTokens;
import io.atende.gateway.service.LinkTokens.LinkToken;
import io.atende.platform.rest.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.atende.gateway.service.ChannelChanges;
import io.atende.gateway.service.ChannelService;
import io.atende.gateway.service.ChannelService.PairingCode;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import org.jboss.resteasy.reactive.RestStreamElementType;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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

    /** How often an event stream re-reads its channel, for changes another gateway instance made. */
    private static final Duration REREAD = Duration.ofSeconds(3);

    /** {@code phoneNumber}: the business number that will enter the code, E.164. */
    public record PairingCodeRequest(String phoneNumber) {
    }

    private final ChannelService channels;
    private final ChannelChanges changes;
    private final QrImages images;
    private final LinkTokens linkTokens;
    private final SecurityIdentity identity;

    public ChannelResource(ChannelService channels, ChannelChanges changes, QrImages images, LinkTokens linkTokens,
            SecurityIdentity identity) {
        this.channels = channels;
        this.changes = changes;
        this.images = images;
        this.linkTokens = linkTokens;
        this.identity = identity;
    }

    /**
     * A link token opens only the channel it was minted for (the link page's endpoints carry the token's role too;
     * every other endpoint is admin only).
     */
    private String linkable(String id) {
        Object channel = identity.getAttribute(LinkTokenIdentityProvider.CHANNEL);
        if (!identity.hasRole("admin") && !id.equals(channel)) {
            throw new ProblemException(403, "Forbidden", "this link token opens channel " + channel + " only");
        }
        return id;
    }

    @POST
    @Path("/{id}/link-token")
    @Operation(summary = "A short-lived token that opens this channel's link page only, for the person holding the phone")
    public Uni<LinkTokenView> linkToken(@PathParam("id") String id) {
        return channels.find(id).map(channel -> {
            LinkToken token = linkTokens.mint(channel.id);
            return new LinkTokenView(token.channelId(), token.token(), token.expiresAt(),
                    "/link.html#channel=" + token.channelId() + "&token=" + token.token());
        });
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
    @RolesAllowed({ "admin", LinkTokenIdentityProvider.ROLE })
    @Operation(summary = "A channel: state, last QR, linkedAt, and how many pre-link messages were not imported")
    public Uni<ChannelView> get(@PathParam("id") String id) {
        return channels.view(linkable(id));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the channel's name or whether it ingests group chats ({\"groupsEnabled\": true})")
    public Uni<ChannelView> update(@PathParam("id") String id, ChannelPatch patch) {
        return channels.update(id, patch).invoke(() -> changes.changed(id)).chain(() -> channels.view(id));
    }

    @GET
    @Path("/{id}/epochs")
    @Operation(summary = "The channel's connection epochs, oldest first: connected and disconnected times, and why")
    public Uni<List<EpochView>> epochs(@PathParam("id") String id) {
        return channels.epochs(id);
    }

    @POST
    @Path("/{id}/start")
    @RolesAllowed({ "admin", LinkTokenIdentityProvider.ROLE })
    @Operation(summary = "Start the channel's session again, e.g. for a new QR after a logout")
    public Uni<ChannelView> start(@PathParam("id") String id) {
        return channels.start(linkable(id)).flatMap(ignored -> channels.view(id));
    }

    @POST
    @Path("/{id}/pairing-code")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ "admin", LinkTokenIdentityProvider.ROLE })
    @Operation(summary = "A code to type on the phone (Linked devices, Link with phone number) instead of scanning the QR")
    public Uni<PairingCode> pairingCode(@PathParam("id") String id, PairingCodeRequest request) {
        return channels.pairingCode(linkable(id), request == null ? null : request.phoneNumber());
    }

    @GET
    @Path("/{id}/qr.png")
    @Produces("image/png")
    @RolesAllowed({ "admin", LinkTokenIdentityProvider.ROLE })
    @Operation(summary = "The QR to scan now, as a PNG (409 unless the channel waits for a scan)")
    public Uni<Response> qrPng(@PathParam("id") String id, @QueryParam("scale") @DefaultValue("8") int scale) {
        int bounded = Math.max(1, Math.min(scale, 32));
        return channels.qr(linkable(id)).map(qr -> Response.ok(images.png(qr, bounded), "image/png")
                .header("Cache-Control", "no-store").build());
    }

    @GET
    @Path("/{id}/qr.svg")
    @Produces("image/svg+xml")
    @RolesAllowed({ "admin", LinkTokenIdentityProvider.ROLE })
    @Operation(summary = "The QR to scan now, as SVG (409 unless the channel waits for a scan)")
    public Uni<Response> qrSvg(@PathParam("id") String id) {
        return channels.qr(linkable(id)).map(qr -> Response.ok(images.svg(qr), "image/svg+xml")
                .header("Cache-Control", "no-store").build());
    }

    @GET
    @Path("/{id}/qr.txt")
    @Produces(MediaType.TEXT_PLAIN + ";charset=utf-8")
    @RolesAllowed({ "admin", LinkTokenIdentityProvider.ROLE })
    @Operation(summary = "The QR to scan now, drawn with Unicode blocks for a terminal (curl ... /qr.txt)")
    public Uni<Response> qrText(@PathParam("id") String id) {
        return channels.qr(linkable(id)).map(qr -> Response.ok(images.text(qr), MediaType.TEXT_PLAIN + ";charset=utf-8")
                .header("Cache-Control", "no-store").build());
    }

    /**
     * The channel as it changes (server-sent events, one {@code channel} event with the channel's JSON per change):
     * what the link page shows. Changes this instance handles arrive at once; the channel is also re-read every few
     * seconds, for changes made by another instance. Repeats are left out.
     */
    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @RolesAllowed({ "admin", LinkTokenIdentityProvider.ROLE })
    @Operation(summary = "Server-sent events: the channel each time it changes (state, QR ...)")
    public Multi<ChannelView> events(@PathParam("id") String id) {
        // An unknown channel was answered 404 before (ChannelEventsFilter): a stream, once started, cannot say so.
        linkable(id);
        // The stream ends when the credential that opened it does (link token or bearer token): the page then
        // reconnects with a fresh one, or stops.
        Duration open = Duration.between(Instant.now(), credentialExpiry());
        Context context = Vertx.currentContext();
        Executor onContext = task -> context.runOnContext(ignored -> task.run());
        return Multi.createBy().merging().streams(
                Multi.createFrom().item(id),
                changes.of(id),
                Multi.createFrom().ticks().every(REREAD).onOverflow().drop().map(tick -> id))
                .onOverflow().dropPreviousItems()
                .emitOn(onContext)
                .onItem().transformToUniAndConcatenate(ignored -> channels.view(id))
                .skip().repetitions()
                .select().first(open.isNegative() ? Duration.ZERO : open);
    }

    /** Until when the caller's credential is valid: the link token's expiry, or the bearer token's {@code exp}. */
    private Instant credentialExpiry() {
        if (identity.getAttribute(LinkTokenIdentityProvider.EXPIRES_AT) instanceof Instant linkExpiry) {
            return linkExpiry;
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
            return Instant.ofEpochSecond(jwt.getExpirationTime());
        }
        return Instant.now().plus(Duration.ofHours(1));
    }

    @POST
    @Path("/{id}/logout")
    @Operation(summary = "Log the linked device out; the channel then needs a new QR scan")
    public Uni<ChannelView> logout(@PathParam("id") String id) {
        return channels.logout(id).flatMap(ignored -> channels.view(id));
    }
}
