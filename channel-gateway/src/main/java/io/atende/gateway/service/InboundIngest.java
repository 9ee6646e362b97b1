package io.atende.gateway.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.atende.contracts.Topics;
import io.atende.contracts.channel.ChannelHistoryDiscarded;
import io.atende.contracts.channel.MediaRef;
import io.atende.gateway.Channel;
import io.atende.gateway.Media;
import io.atende.gateway.engine.EngineEvent.MediaFile;
import io.atende.gateway.engine.EngineEvent.History;
import io.atende.gateway.engine.EngineEvent.MessageKey;
import io.atende.gateway.engine.EngineEvent.MessageUpsert;
import io.atende.gateway.mapping.InboundMapper;
import io.atende.gateway.mapping.InboundMapper.Content;
import io.atende.gateway.mapping.InboundMapper.MediaInfo;
import io.atende.gateway.repository.MediaRepository;
import io.atende.gateway.service.MediaIntake.InboundMedia;
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
    public record Outcome(String channelId, String result, long discarded, String mediaUnavailable) {

        static Outcome of(String channelId, String result) {
            return new Outcome(channelId, result, 0, null);
        }
    }

    private final ChannelRepository channels;
    private final InboundKeyRepository keys;
    private final OutboundMessageRepository outbound;
    private final InboundMapper mapper;
    private final Outbox outbox;
    private final MediaRepository mediaStore;

    public InboundIngest(ChannelRepository channels, InboundKeyRepository keys, OutboundMessageRepository outbound,
            InboundMapper mapper, Outbox outbox, MediaRepository mediaStore) {
        this.mediaStore = mediaStore;
        this.channels = channels;
        this.keys = keys;
        this.outbound = outbound;
        this.outbox = outbox;
        this.mapper = mapper;
    }

    /**
     * {@code media}: the content of a media message as {@link MediaIntake} took it from the engine (null for other
     * messages). It is stored with the inbound record, in the same transaction, and published by reference only.
     */
    @WithTransaction
    public Uni<Outcome> message(MessageUpsert upsert, InboundMedia media, Instant receivedAt) {
        MessageKey key = upsert.key();
        String ignored = InboundMapper.ignoredChat(key.remoteJid());
        boolean group = InboundMapper.GROUP.equals(ignored);
        if (ignored != null && !group) {
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
            if (group && !channel.groupsEnabled) {
                return Uni.createFrom().item(Outcome.of(channel.id, "ignored-group"));
            }
            if (!afterLink(channel, upsert.timestamp())) {
                LOG.debugf("channel %s: message %s dated %s is from before the link (%s); not imported", channel.id,
                        key.id(), Instant.ofEpochSecond(upsert.timestamp()), channel.linkedAt);
                return discard(channel, 1);
            }
            return ownSend(channel.id, key).flatMap(own -> own
                    ? Uni.createFrom().item(Outcome.of(channel.id, "ignored-own-send"))
                    : keys.firstSeen(channel.id, Arrays.asList(key.remoteJid(), key.remoteJidAlt()),
                            Arrays.asList(key.participant(), key.participantAlt()), key.sentByMe(), key.id())
                    .flatMap(first -> first
                            ? publish(channel.id, upsert, content.get(), media, receivedAt)
                            : Uni.createFrom().item(Outcome.of(channel.id, "duplicate"))));
        });
    }

    private Uni<Outcome> publish(String channelId, MessageUpsert upsert, Content content, InboundMedia media,
            Instant receivedAt) {
        Optional<MediaInfo> info = mapper.mediaInfo(upsert.message());
        if (info.isEmpty()) {
            return outbox.publish(Topics.CHANNEL_INBOUND, mapper.toInbound(channelId, upsert, content, null, receivedAt))
                    .replaceWith(Outcome.of(channelId, "published"));
        }
        InboundMedia taken = media != null ? media : InboundMedia.missing("not-downloaded");
        MediaFile reported = upsert.media();
        String mimeType = first(reported == null ? null : reported.mimeType(), info.get().mimeType());
        String fileName = first(reported == null ? null : reported.fileName(), info.get().fileName());
        if (taken.content() == null) {
            // Never lost: the message is published with its kind, caption and what is known of the file, ref null.
            Long size = reported != null && reported.sizeBytes() != null ? reported.sizeBytes() : info.get().sizeBytes();
            return outbox.publish(Topics.CHANNEL_INBOUND, mapper.toInbound(channelId, upsert, content,
                    new MediaRef(null, mimeType, fileName, size), receivedAt))
                    .replaceWith(new Outcome(channelId, "published", 0, taken.unavailable()));
        }
        Media stored = new Media();
        stored.id = UUID.randomUUID();
        stored.channelId = channelId;
        stored.messageId = upsert.key().id();
        stored.mimeType = mimeType == null ? "application/octet-stream" : mimeType;
        stored.fileName = fileName;
        stored.sizeBytes = taken.content().length;
        stored.content = taken.content();
        stored.createdAt = ChannelLifecycle.now();
        MediaRef ref = new MediaRef(mediaPath(channelId, stored.id), stored.mimeType, fileName, stored.sizeBytes);
        return mediaStore.persist(stored)
                .chain(() -> outbox.publish(Topics.CHANNEL_INBOUND,
                        mapper.toInbound(channelId, upsert, content, ref, receivedAt)))
                .replaceWith(Outcome.of(channelId, "published"));
    }

    /** Where the gateway serves a media's content back (GET, agents and admins). */
    private static String mediaPath(String channelId, UUID mediaId) {
        return "/channels/" + channelId + "/media/" + mediaId;
    }

    private static String first(String preferred, String fallback) {
        return preferred != null && !preferred.isBlank() ? preferred : fallback;
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
                .replaceWith(new Outcome(channel.id, "discarded", count, null));
    }
}
