package io.atende.gateway.repository;

import java.util.UUID;

import io.atende.gateway.Media;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class MediaRepository implements PanacheRepositoryBase<Media, UUID> {

    /** The channel's media with this id, or null (an id of another channel is not found either). */
    public Uni<Media> findInChannel(String channelId, UUID id) {
        return find("id = ?1 and channelId = ?2", id, channelId).firstResult();
    }
}
