package io.atende.gateway.repository;

import java.time.Instant;
import java.util.UUID;

import io.atende.gateway.Media;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class MediaRepository implements PanacheRepositoryBase<Media, UUID> {

    /** The channel's media with this id, or null (an id of another channel is not found either). */
    public Uni<Media> findInChannel(String channelId, UUID id) {
        return find("id = ?1 and channelId = ?2", id, channelId).firstResult();
    }

    /** Deletes up to {@code limit} of the oldest media received before {@code receivedBefore}; returns how many. */
    public Uni<Long> deleteReceivedBefore(Instant receivedBefore, int limit) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                delete from media where id in (
                    select id from media where created_at < :before order by created_at limit :limit)
                """)
                .setParameter("before", receivedBefore)
                .setParameter("limit", limit)
                .executeUpdate())
                .map(Integer::longValue);
    }
}
