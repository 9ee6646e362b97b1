package io.atende.gateway.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.atende.gateway.service.MediaService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * Serves inbound media back by the reference ({@code media.ref}) that {@code channel.inbound.v1} carries. Agents read
 * it too: they answer the conversations it belongs to.
 */
@Path("/channels/{id}/media")
@Tag(name = "channels")
@RolesAllowed({ "admin", "agent" })
public class MediaResource {

    private final MediaService media;

    public MediaResource(MediaService media) {
        this.media = media;
    }

    @GET
    @Path("/{mediaId}")
    @Operation(summary = "The content of an inbound media message, with its content type (404 if unknown)")
    public Uni<Response> content(@PathParam("id") String id, @PathParam("mediaId") String mediaId) {
        return media.find(id, mediaId).map(found -> {
            Response.ResponseBuilder response = Response.ok(found.content, found.mimeType)
                    .header("Cache-Control", "private, max-age=86400")
                    .header("X-Content-Type-Options", "nosniff");
            if (found.fileName != null) {
                // attachment: a document is downloaded, never rendered in the API's origin.
                String ascii = found.fileName.replaceAll("[^\\x20-\\x7E]|[\"\\\\]", "_");
                String utf8 = URLEncoder.encode(found.fileName, StandardCharsets.UTF_8).replace("+", "%20");
                response.header("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + utf8);
            }
            return response.build();
        });
    }
}
