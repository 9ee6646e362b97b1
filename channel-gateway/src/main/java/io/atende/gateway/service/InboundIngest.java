package io.atende.gateway.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.atende.contracts.Topics;
import io.atende.contracts.channel.ChannelHistoryDiscarded;
import io.atende.gateway.Channel;
import io.atende.gateway.engine.EngineEvent.History;
import io.atende.gateway.engine.EngineEvent.MessageKey;
import io.atende.gateway.engine.EngineEvent.MessageUpsert;
import io.atende.gateway.mapping.InboundMapper;
import io.atende.gateway.mapping.InboundMapper.Content;
import io.atende.gateway.repository.ChannelRepository;
import io.atende.gateway.repository.InboundKeyRepository;
import io.atende.gateway.repository.OutboundMessageRepository;
import io.atende.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ingest under the founding rule: a message is published to {@code channel.inbound.v1} only if it was sent after the
 * channel's first link and did not come through history sync; what is dropped for that reason is counted on the
 * channel and announced. Idempotent on WhatsApp's message identity, so redeliveries are published once.
 */
@ApplicationScoped
public class InboundIngest {

    private static final Logger LOG = Logger.getLogger(InboundIngest.class);

    /** What an ingest did, for logs and metrics; {@code discarded} counts messages not imported by design. */
    public record Outcome(String channelId, String result, long discarded) {

        static Outcome of(String channelId, String result) {
            return new Outcome(channelId, result, 0);
        }
    }

    private final ChannelRepository channels;
    private final InboundKeyRepository keys;
    private final OutboundMessageRepository outbound;
    private final InboundMapper mapper;
    private final Outbox outbox;

    public InboundIngest(ChannelRepository channels, InboundKeyRepository keys, OutboundMessageRepository outbound,
            InboundMapper mapper, Outbox outbox) {
        this.channels = channels;
        this.keys = keys;
        this.outbound = outbound;
        this.outbox = outbox;
        this.mapper = mapper;
    }

    @WithTransaction
    public Uni<Outcome> message(MessageUpsert upsert, Instant receivedAt) {
        MessageKey key = upsert.key();
        String ignored = InboundMapper.ignoredChat(key.remoteJid());
        if (ignored != null) {
            return Uni.createFrom().item(Outcome.of(upsert.channelId(), "ignored-" + ignored));
        }
        Optional<Content> content = mapper.content(upsert.message());
        if (content.isEmpty()) {
            return Uni.createFrom().item(Outcome.of(upsert.channelId(), "ignored-no-content"));
        }
        return channels.findById(upsert.channelId()).flatMap(channel -> {
            if (channel == null) {
                LOG.warnf("message for unknown channel %s ignored", upsert.channelId());
                return Uni.createFrom().item(Outcome.of(upsert.channelId(), "ignored-unknown-channel"));
            }
            if (!afterLink(channel, upsert.timestamp())) {
                LOG.debugf("channel %s: message %s dated %s is from before the link (%s); not imported", channel.id,
                        key.id(), Instant.ofEpochSecond(upsert.timestamp()), channel.linkedAt);
                return discard(channel, 1);
            }
            return ownSend(channel.id, key).flatMap(own -> own
                    ? Uni.createFrom().item(Outcome.of(channel.id, "ignored-own-send"))
                    : keys.firstSeen(channel.id, key.remoteJid(), key.participant(), key.sentByMe(), key.id())
                    .flatMap(first -> first
                            ? outbox.publish(Topics.CHANNEL_INBOUND,
                                    mapper.toInbound(channel.id, upsert, content.get(), receivedAt))
                                    .replaceWith(Outcome.of(channel.id, "published"))
                            : Uni.createFrom().item(Outcome.of(channel.id, "duplicate"))));
        });
    }

    /**
     * WhatsApp echoes what the linked account sent (fromMe). What Atende itself sent is already in the conversation as
     * the agent's reply; only what someone typed on the phone is new.
     */
    private Uni<Boolean> ownSend(String channelId, MessageKey key) {
        if (!key.sentByMe()) {
            return Uni.createFrom().item(false);
        }
        return outbound.findByExternalId(channelId, key.id()).map(sent -> sent != null);
    }

    /** History sync is never imported, whatever it holds: every message of the batch is counted as discarded. */
    @WithTransaction
    public Uni<Outcome> history(History history) {
        int count = history.messages().size();
        if (count == 0) {
            return Uni.createFrom().item(Outcome.of(history.channelId(), "discarded"));
        }
        return channels.findById(history.channelId()).flatMap(channel -> channel == null
                ? Uni.createFrom().item(Outcome.of(history.channelId(), "ignored-unknown-channel"))
                : discard(channel, count));
    }

    /**
     * WhatsApp dates messages in whole seconds, so the link time is compared at that precision: a message of the
     * link's own second is kept. Before the first link nothing is imported.
     */
    static boolean afterLink(Channel channel, long timestamp) {
        return channel.linkedAt != null
                && !Instant.ofEpochSecond(timestamp).isBefore(channel.linkedAt.truncatedTo(ChronoUnit.SECONDS));
    }

    private Uni<Outcome> discard(Channel channel, long count) {
        Instant now = ChannelLifecycle.now();
        channel.historyDiscarded += count;
        channel.updatedAt = now;
        return outbox.publish(Topics.CHANNEL_STATUS, new ChannelHistoryDiscarded(UUID.randomUUID(), now,
                ChannelLifecycle.ref(channel), count, channel.historyDiscarded))
                .replaceWith(new Outcome(channel.id, "discarded", count));
    }
}
