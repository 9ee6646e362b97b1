package io.atende.gateway.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The inbound de-dup keys: WhatsApp's message identity (chat, sender, fromMe, id) per channel. */
@ApplicationScoped
public class InboundKeyRepository {

    /**
     * Records the key; true the first time, false for a redelivery. Must run inside the caller's
     * {@code @WithTransaction}, together with the outbox write it guards.
     */
    public Uni<Boolean> firstSeen(String channelId, String remoteJid, String participant, boolean fromMe,
            String messageId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                insert into inbound_message_key (channel_id, remote_jid, participant, from_me, message_id)
                values (:channelId, :remoteJid, :participant, :fromMe, :messageId) on conflict do nothing""")
                .setParameter("channelId", channelId)
                .setParameter("remoteJid", remoteJid)
                .setParameter("participant", participant == null ? "" : participant)
                .setParameter("fromMe", fromMe)
                .setParameter("messageId", messageId)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
