package io.atende.gateway.repository;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The inbound de-dup keys: WhatsApp's message identity (chat, sender, fromMe, id) per channel. */
@ApplicationScoped
public class InboundKeyRepository {

    /**
     * Records the key under every address the message is known by, and says whether it is new. WhatsApp may deliver
     * one message addressed by phone number and again by LID ({@code remoteJidAlt} / {@code participantAlt} name the
     * other one), so each variant of chat x sender is a key: the message is new only if none of them was seen.
     * Must run inside the caller's {@code @WithTransaction}, together with the outbox write it guards.
     *
     * @param chats        the chat's JIDs (the first is the one the message came under; nulls are skipped)
     * @param participants the sender's JIDs in a group (nulls are skipped; none outside groups)
     */
    public Uni<Boolean> firstSeen(String channelId, List<String> chats, List<String> participants, boolean fromMe,
            String messageId) {
        Set<String> chatVariants = present(chats);
        Set<String> participantVariants = present(participants);
        if (participantVariants.isEmpty()) {
            participantVariants.add("");
        }
        List<String[]> keys = new ArrayList<>();
        for (String chat : chatVariants) {
            for (String participant : participantVariants) {
                keys.add(new String[] { chat, participant });
            }
        }
        StringBuilder sql = new StringBuilder(
                "insert into inbound_message_key (channel_id, remote_jid, participant, from_me, message_id) values ");
        for (int i = 0; i < keys.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:channelId, :chat").append(i).append(", :participant").append(i)
                    .append(", :fromMe, :messageId)");
        }
        sql.append(" on conflict do nothing");
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql.toString())
                    .setParameter("channelId", channelId)
                    .setParameter("fromMe", fromMe)
                    .setParameter("messageId", messageId);
            for (int i = 0; i < keys.size(); i++) {
                query.setParameter("chat" + i, keys.get(i)[0]).setParameter("participant" + i, keys.get(i)[1]);
            }
            return query.executeUpdate();
        }).map(inserted -> inserted == keys.size());
    }

    private static Set<String> present(List<String> jids) {
        Set<String> present = new LinkedHashSet<>();
        for (String jid : jids) {
            if (jid != null && !jid.isBlank()) {
                present.add(jid);
            }
        }
        return present;
    }
}
