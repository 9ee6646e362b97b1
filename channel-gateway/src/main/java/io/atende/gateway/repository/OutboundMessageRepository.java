package io.atende.gateway.repository;

import java.util.UUID;

import io.atende.gateway.OutboundMessage;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class OutboundMessageRepository implements PanacheRepositoryBase<OutboundMessage, UUID> {

    /** The message a receipt is about: by the WhatsApp id the gateway sent it under. */
    public Uni<OutboundMessage> findByExternalId(String channelId, String externalMessageId) {
        return find("channelId = ?1 and externalMessageId = ?2", channelId, externalMessageId).firstResult();
    }
}
