package io.atende.gateway.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.atende.contracts.Event;
import io.atende.contracts.JsonCodec;
import io.atende.contracts.Topics;
import io.atende.contracts.channel.ChannelHistoryDiscarded;
import io.atende.contracts.ChannelRef;
import io.atende.contracts.channel.MediaRef;
import io.atende.gateway.Media;
import io.atende.gateway.engine.EngineEvent.History;
import io.atende.gateway.engine.EngineEvent.MediaFile;
import io.atende.gateway.engine.EngineEvent.MessageKey;
import io.atende.gateway.engine.EngineEvent.MessageUpsert;
import io.atende.gateway.mapping.InboundMapper;
import io.atende.gateway.mapping.InboundMapper.Content;
import io.atende.gateway.mapping.InboundMapper.MediaInfo;
import io.atende.gateway.repository.InboundStatements;
import io.atende.gateway.repository.InboundStatements.ChannelFacts;
import io.atende.gateway.repository.InboundStatements.Key;
import io.atende.gateway.repository.InboundStatements.Sent;
import io.atende.gateway.service.MediaIntake.InboundMedia;
import io.atende.platform.outbox.Outbox;
import io.atende.platform.persistence.SqlBatch;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ingest under the founding rule: a message is published to {@code channel.inbound.v1} only if it was sent after the
 * channel's first link and did not come through history sync; what is dropped for that reason is counted on the
 * channel and announced. Idempotent on WhatsApp's message identity, so redeliveries are published once.
 * <p>
 * A run of messages the engine wrote back to back is taken in one fenced transaction on the reactive client, in
 * three or four round trips whatever its length: the channels and the echoes of Atende's own sends are read, the
 * de-dup keys of all its messages recorded in one statement, then the media and the outbox rows written.
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

    /**
     * A message as the engine reported it, with its media content as {@link MediaIntake} took it from the engine
     * (null for other messages), and when the gateway read it.
     */
    public record Inbound(MessageUpsert upsert, InboundMedia media, Instant receivedAt) {
    }

    /** A message that passed the checks that need no database, with what was read of it. */
    private record Candidate(int index, Inbound inbound, Content content, List<Key> keys, boolean group) {

        String channelId() {
            return inbound.upsert().channelId();
        }
    }

    private final Pool pool;
    private final InboundStatements statements;
    private final EngineFence fence;
    private final InboundMapper mapper;
    private final Outbox outbox;

    public InboundIngest(Pool pool, InboundStatements statements, EngineFence fence, InboundMapper mapper,
            Outbox outbox) {
        this.pool = pool;
        this.statements = statements;
        this.fence = fence;
        this.mapper = mapper;
        this.outbox = outbox;
    }

    /**
     * Keeps a message that could not be stored for a reason other than an outage (the engine's event as JSON, its
     * media, the reason), so that nothing WhatsApp counted delivered is lost; an operator takes it from there.
     */
    public Uni<Void> park(MessageUpsert message, InboundMedia media, Throwable reason) {
        byte[] event = JsonCodec.write(message).getBytes(StandardCharsets.UTF_8);
        // PostgreSQL text takes no NUL; the reason is only for people to read.
        String why = String.valueOf(reason).replace('\u0000', ' ');
        return pool.withTransaction(connection -> statements.park(connection, message.channelId(),
                message.key() == null ? null : message.key().id(), event, media == null ? null : media.content(), why));
    }

    /**
     * Takes in a run of messages, in their order, in one transaction of its own; one outcome per message. Media
     * content is stored with its message, in the same transaction, and published by reference only.
     */
    public Uni<List<Outcome>> messages(List<Inbound> run) {
        Outcome[] outcomes = new Outcome[run.size()];
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < run.size(); i++) {
            MessageUpsert upsert = run.get(i).upsert();
            String ignored = InboundMapper.ignoredChat(upsert.key().remoteJid());
            Optional<Content> content = mapper.content(upsert.message());
            if (ignored != null && !InboundMapper.GROUP.equals(ignored)) {
                outcomes[i] = Outcome.of(upsert.channelId(), "ignored-" + ignored);
            } else if (content.isEmpty()) {
                outcomes[i] = Outcome.of(upsert.channelId(), "ignored-no-content");
            } else {
                candidates.add(new Candidate(i, run.get(i), content.get(), keys(upsert),
                        InboundMapper.GROUP.equals(ignored)));
            }
        }
        if (candidates.isEmpty()) {
            return Uni.createFrom().item(Arrays.asList(outcomes));
        }
        return pool.withTransaction(connection -> takeIn(connection, candidates, outcomes))
                .replaceWith(() -> Arrays.asList(outcomes));
    }

    private Uni<Void> takeIn(SqlConnection connection, List<Candidate> candidates, Outcome[] outcomes) {
        List<String> channelIds = candidates.stream().map(Candidate::channelId).distinct().toList();
        List<Sent> echoes = candidates.stream().filter(c -> c.inbound().upsert().key().sentByMe())
                .map(c -> new Sent(c.channelId(), c.inbound().upsert().key().id())).distinct().toList();
        return Uni.combine().all().unis(fence.check(connection), statements.channels(connection, channelIds),
                statements.sentByAtende(connection, echoes)).asTuple()
                .flatMap(read -> {
                    Map<String, ChannelFacts> channels = read.getItem2();
                    Set<Sent> ownSends = read.getItem3();
                    List<Candidate> keyed = new ArrayList<>();
                    Map<String, List<Candidate>> preLink = new LinkedHashMap<>();
                    for (Candidate candidate : candidates) {
                        MessageUpsert upsert = candidate.inbound().upsert();
                        ChannelFacts channel = channels.get(candidate.channelId());
                        if (channel == null) {
                            LOG.warnf("message for unknown channel %s ignored", candidate.channelId());
                            outcomes[candidate.index()] = Outcome.of(candidate.channelId(), "ignored-unknown-channel");
                        } else if (candidate.group() && !channel.groupsEnabled()) {
                            outcomes[candidate.index()] = Outcome.of(channel.id(), "ignored-group");
                        } else if (!afterLink(channel.linkedAt(), upsert.timestamp())) {
                            LOG.debugf("channel %s: message %s dated %s is from before the link (%s); not imported",
                                    channel.id(), upsert.key().id(), Instant.ofEpochSecond(upsert.timestamp()),
                                    channel.linkedAt());
                            preLink.computeIfAbsent(channel.id(), id -> new ArrayList<>()).add(candidate);
                        } else if (upsert.key().sentByMe() && ownSends.contains(new Sent(channel.id(), upsert.key().id()))) {
                            outcomes[candidate.index()] = Outcome.of(channel.id(), "ignored-own-send");
                        } else {
                            keyed.add(candidate);
                        }
                    }
                    Set<Key> all = new LinkedHashSet<>();
                    keyed.forEach(candidate -> all.addAll(candidate.keys()));
                    return statements.recordKeys(connection, List.copyOf(all))
                            .flatMap(recorded -> discard(connection, preLink, outcomes)
                                    .flatMap(discarded -> store(connection, keyed, recorded, discarded, outcomes)));
                });
    }

    /**
     * Publishes the messages whose every key is new (recorded by this transaction, and not by a message before it
     * in the run), with the channels' discard announcements, in the run's order.
     */
    private Uni<Void> store(SqlConnection connection, List<Candidate> keyed, Set<Key> recorded,
            Map<Integer, Event> discarded, Outcome[] outcomes) {
        Map<Integer, Event> events = new HashMap<>(discarded);
        Map<Integer, String> topics = new HashMap<>();
        discarded.keySet().forEach(index -> topics.put(index, Topics.CHANNEL_STATUS));
        SqlBatch media = new SqlBatch();
        for (Candidate candidate : keyed) {
            if (!recorded.containsAll(candidate.keys())) {
                outcomes[candidate.index()] = Outcome.of(candidate.channelId(), "duplicate");
                continue;
            }
            recorded.removeAll(candidate.keys()); // a later message of the run under one of these keys is a duplicate
            events.put(candidate.index(), inbound(candidate, media, outcomes));
            topics.put(candidate.index(), Topics.CHANNEL_INBOUND);
        }
        List<Outbox.Entry> entries = events.keySet().stream().sorted()
                .map(index -> new Outbox.Entry(topics.get(index), events.get(index))).toList();
        return Uni.join().all(media.execute(connection), outbox.publish(connection, entries)).andFailFast()
                .replaceWithVoid();
    }

    private Event inbound(Candidate candidate, SqlBatch media, Outcome[] outcomes) {
        String channelId = candidate.channelId();
        MessageUpsert upsert = candidate.inbound().upsert();
        Instant receivedAt = candidate.inbound().receivedAt();
        outcomes[candidate.index()] = Outcome.of(channelId, "published");
        Optional<MediaInfo> info = mapper.mediaInfo(upsert.message());
        if (info.isEmpty()) {
            return mapper.toInbound(channelId, upsert, candidate.content(), null, receivedAt);
        }
        InboundMedia taken = candidate.inbound().media() != null ? candidate.inbound().media()
                : InboundMedia.missing("not-downloaded");
        MediaFile reported = upsert.media();
        String mimeType = first(reported == null ? null : reported.mimeType(), info.get().mimeType());
        String fileName = first(reported == null ? null : reported.fileName(), info.get().fileName());
        if (taken.content() == null) {
            // Never lost: the message is published with its kind, caption and what is known of the file, ref null.
            Long size = reported != null && reported.sizeBytes() != null ? reported.sizeBytes() : info.get().sizeBytes();
            outcomes[candidate.index()] = new Outcome(channelId, "published", 0, taken.unavailable());
            return mapper.toInbound(channelId, upsert, candidate.content(), new MediaRef(null, mimeType, fileName, size),
                    receivedAt);
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
        statements.storeMedia(media, stored);
        MediaRef ref = new MediaRef(mediaPath(channelId, stored.id), stored.mimeType, fileName, stored.sizeBytes);
        return mapper.toInbound(channelId, upsert, candidate.content(), ref, receivedAt);
    }

    /**
     * WhatsApp's message identity under every address the message is known by. WhatsApp may deliver one message
     * addressed by phone number and again by LID ({@code remoteJidAlt} / {@code participantAlt} name the other one),
     * so each variant of chat x sender is a key: the message is new only if none of them was seen.
     */
    private static List<Key> keys(MessageUpsert upsert) {
        MessageKey key = upsert.key();
        Set<String> chats = present(key.remoteJid(), key.remoteJidAlt());
        Set<String> participants = present(key.participant(), key.participantAlt());
        if (participants.isEmpty()) {
            participants.add("");
        }
        List<Key> keys = new ArrayList<>();
        for (String chat : chats) {
            for (String participant : participants) {
                keys.add(new Key(upsert.channelId(), chat, participant, key.sentByMe(), key.id()));
            }
        }
        return keys;
    }

    private static Set<String> present(String... jids) {
        Set<String> present = new LinkedHashSet<>();
        for (String jid : jids) {
            if (jid != null && !jid.isBlank()) {
                present.add(jid);
            }
        }
        return present;
    }

    /** Where the gateway serves a media's content back (GET, agents and admins). */
    private static String mediaPath(String channelId, UUID mediaId) {
        return "/channels/" + channelId + "/media/" + mediaId;
    }

    private static String first(String preferred, String fallback) {
        return preferred != null && !preferred.isBlank() ? preferred : fallback;
    }

    /** History sync is never imported, whatever it holds: every message of the batch is counted as discarded. */
    public Uni<Outcome> history(History history) {
        long count = history.messages().size();
        if (count == 0) {
            return Uni.createFrom().item(Outcome.of(history.channelId(), "discarded"));
        }
        return pool.withTransaction(connection -> fence.check(connection)
                .chain(() -> statements.channels(connection, List.of(history.channelId())))
                .flatMap(channels -> {
                    if (!channels.containsKey(history.channelId())) {
                        return Uni.createFrom().item(Outcome.of(history.channelId(), "ignored-unknown-channel"));
                    }
                    Instant now = ChannelLifecycle.now();
                    return statements.addDiscarded(connection, history.channelId(), count, now)
                            .flatMap(total -> outbox.publish(connection, List.of(new Outbox.Entry(Topics.CHANNEL_STATUS,
                                    discarded(history.channelId(), now, count, total)))))
                            .replaceWith(new Outcome(history.channelId(), "discarded", count, null));
                }));
    }

    /**
     * Counts a run's pre-link messages on their channels (one statement per channel) and announces each, with the
     * channel's running total, as the event to publish in the message's place.
     */
    private Uni<Map<Integer, Event>> discard(SqlConnection connection, Map<String, List<Candidate>> preLink,
            Outcome[] outcomes) {
        Map<Integer, Event> events = new HashMap<>();
        if (preLink.isEmpty()) {
            return Uni.createFrom().item(events);
        }
        Instant now = ChannelLifecycle.now();
        List<Uni<Void>> counted = new ArrayList<>();
        preLink.forEach((channelId, messages) -> counted.add(
                statements.addDiscarded(connection, channelId, messages.size(), now).invoke(total -> {
                    long before = total - messages.size();
                    for (int i = 0; i < messages.size(); i++) {
                        events.put(messages.get(i).index(), discarded(channelId, now, 1, before + i + 1));
                        outcomes[messages.get(i).index()] = new Outcome(channelId, "discarded", 1, null);
                    }
                }).replaceWithVoid()));
        return Uni.join().all(counted).andFailFast().replaceWith(events);
    }

    private static ChannelHistoryDiscarded discarded(String channelId, Instant now, long count, long total) {
        return new ChannelHistoryDiscarded(UUID.randomUUID(), now, ChannelRef.whatsapp(channelId), count, total);
    }

    /**
     * WhatsApp dates messages in whole seconds, so the link time is compared at that precision: a message of the
     * link's own second is kept. Before the first link nothing is imported.
     */
    static boolean afterLink(Instant linkedAt, long timestamp) {
        return linkedAt != null && !Instant.ofEpochSecond(timestamp).isBefore(linkedAt.truncatedTo(ChronoUnit.SECONDS));
    }
}
