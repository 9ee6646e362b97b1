package io.atende.gateway.repository;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.atende.gateway.Media;
import io.atende.platform.persistence.Columns;
import io.atende.platform.persistence.SqlBatch;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The inbound path's statements on the reactive client: a run of engine messages is read, de-duplicated and stored
 * in a few multi-row statements (see {@code InboundIngest}). The REST side and the channel lifecycle use Hibernate.
 */
@ApplicationScoped
public class InboundStatements {

    /** What the ingest needs to know of a channel. */
    public record ChannelFacts(String id, boolean groupsEnabled, Instant linkedAt) {
    }

    /** One de-dup key: WhatsApp's message identity under one of its addresses. */
    public record Key(String channelId, String chat, String participant, boolean fromMe, String messageId) {
    }

    /** A message sent by the linked account, by the channel and WhatsApp id it was echoed with. */
    public record Sent(String channelId, String externalMessageId) {
    }

    public Uni<Map<String, ChannelFacts>> channels(SqlConnection connection, List<String> channelIds) {
        return connection.preparedQuery("select id, groups_enabled, linked_at from channel where id = any($1)")
                .execute(Tuple.of(channelIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, ChannelFacts> channels = new HashMap<>();
                    rows.forEach(row -> channels.put(row.getString(0), new ChannelFacts(row.getString(0),
                            row.getBoolean(1), SqlBatch.instant(row, 2))));
                    return channels;
                });
    }

    /** Which of these echoes are of messages Atende sent itself. */
    public Uni<Set<Sent>> sentByAtende(SqlConnection connection, List<Sent> echoes) {
        if (echoes.isEmpty()) {
            return Uni.createFrom().item(new HashSet<>());
        }
        return connection.preparedQuery("select o.channel_id, o.external_message_id from outbound_message o"
                + " join unnest($1::text[], $2::text[]) as e(channel_id, external_message_id)"
                + " on o.channel_id = e.channel_id and o.external_message_id = e.external_message_id")
                .execute(Columns.of(echoes).text(Sent::channelId).text(Sent::externalMessageId).tuple())
                .map(rows -> {
                    Set<Sent> sent = new HashSet<>();
                    rows.forEach(row -> sent.add(new Sent(row.getString(0), row.getString(1))));
                    return sent;
                });
    }

    /** Records the keys (each once) and returns those that were new. */
    public Uni<Set<Key>> recordKeys(SqlConnection connection, List<Key> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(new HashSet<>());
        }
        return connection.preparedQuery("insert into inbound_message_key (channel_id, remote_jid, participant, from_me,"
                + " message_id) select * from unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::text[])"
                + " on conflict do nothing returning channel_id, remote_jid, participant, from_me, message_id")
                .execute(Columns.of(keys).text(Key::channelId).text(Key::chat).text(Key::participant)
                        .bool(Key::fromMe).text(Key::messageId).tuple())
                .map(rows -> {
                    Set<Key> recorded = new HashSet<>();
                    rows.forEach(row -> recorded.add(new Key(row.getString(0), row.getString(1), row.getString(2),
                            row.getBoolean(3), row.getString(4))));
                    return recorded;
                });
    }

    /** Counts {@code count} more messages not imported by design on the channel; returns its new total. */
    public Uni<Long> addDiscarded(SqlConnection connection, String channelId, long count, Instant now) {
        return connection.preparedQuery("update channel set history_discarded = history_discarded + $2,"
                + " updated_at = $3, version = version + 1 where id = $1 returning history_discarded")
                .execute(Tuple.of(channelId, count, SqlBatch.utc(now)))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getLong(0) : count);
    }

    /** Keeps a message that cannot be stored, whole, with the reason (see {@code V8__inbound_parked.sql}). */
    public Uni<Void> park(SqlConnection connection, String channelId, String externalId, byte[] event, byte[] media,
            String reason) {
        return connection.preparedQuery("insert into inbound_parked (id, channel_id, external_id, event, media, reason)"
                + " values ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.from(Arrays.asList(UUID.randomUUID(), channelId, externalId, Buffer.buffer(event),
                        media == null ? null : Buffer.buffer(media), reason)))
                .replaceWithVoid();
    }

    public void storeMedia(SqlBatch batch, Media media) {
        batch.add("insert into media (id, channel_id, message_id, mime_type, file_name, size_bytes, content, created_at)"
                + " values ($1, $2, $3, $4, $5, $6, $7, $8)", media.id, media.channelId, media.messageId, media.mimeType,
                media.fileName, media.sizeBytes, Buffer.buffer(media.content), media.createdAt);
    }

    /** The fencing token the engine lease row carries, read {@code for share} (see {@code EngineFence}). */
    public Uni<Long> fencingToken(SqlConnection connection, String leaseName) {
        return connection.preparedQuery("select fencing_token from engine_lease where name = $1 for share")
                .execute(Tuple.of(leaseName))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getLong(0) : null);
    }
}
