package io.atende.gateway.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.atende.gateway.ChannelState;
import io.atende.gateway.OutboundMessage;
import io.atende.gateway.OutboundStatus;
import io.quarkus.panache.common.Sort;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class OutboundMessageRepository implements PanacheRepositoryBase<OutboundMessage, UUID> {

    /** Claimed commands waiting for the instance that runs the engine, oldest first. */
    public Uni<List<OutboundMessage>> queued(int limit) {
        return find("status = ?1 and channelId in (select c.id from Channel c where c.state = ?2)",
                Sort.by("claimedAt"), OutboundStatus.QUEUED, ChannelState.CONNECTED).page(0, limit).list();
    }

    /** Queued commands claimed before {@code cutoff}. */
    public Uni<List<OutboundMessage>> queuedBefore(Instant cutoff, int limit) {
        return find("status = ?1 and claimedAt < ?2", Sort.by("claimedAt"), OutboundStatus.QUEUED, cutoff)
                .page(0, limit).list();
    }

    /**
     * QUEUED to SENDING, for exactly one caller, and only while its channel is connected: true for the one that may
     * send it. Inside a transaction.
     */
    public Uni<Boolean> take(UUID commandId) {
        return update("status = ?1, updatedAt = ?2 where commandId = ?3 and status = ?4"
                + " and channelId in (select c.id from Channel c where c.state = ?5)", OutboundStatus.SENDING,
                Instant.now(), commandId, OutboundStatus.QUEUED, ChannelState.CONNECTED).map(updated -> updated == 1);
    }

    /** The message a receipt is about: by the WhatsApp id the gateway sent it under. */
    public Uni<OutboundMessage> findByExternalId(String channelId, String externalMessageId) {
        return find("channelId = ?1 and externalMessageId = ?2", channelId, externalMessageId).firstResult();
    }
}
