package io.atende.gateway.service;

import java.util.UUID;

import io.atende.gateway.Media;
import io.atende.gateway.repository.MediaRepository;
import io.atende.platform.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Inbound media content, by the reference {@code channel.inbound.v1} carried. */
@ApplicationScoped
public class MediaService {

    private final MediaRepository media;

    public MediaService(MediaRepository media) {
        this.media = media;
    }

    @WithSession
    public Uni<Media> find(String channelId, String mediaId) {
        UUID id;
        try {
            id = UUID.fromString(mediaId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no media " + mediaId + " on channel " + channelId);
        }
        return media.findInChannel(channelId, id).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("no media " + mediaId + " on channel " + channelId));
    }
}
