package io.atende.reporting.repository;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.atende.contracts.channel.ChannelConnected;
import io.atende.contracts.channel.ChannelDisconnected;
import io.atende.contracts.channel.ChannelHistoryDiscarded;
import io.atende.platform.persistence.SqlBatch;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes the channel read models (outages, history discarded) and empties them all for a rebuild; the ticket and
 * SLA read models, with the rollup and live deltas their changes cause, are written by {@link TicketStatements}
 * and {@link TimerStatements}.
 * Each method adds its statements to the caller's {@link SqlBatch}, which runs them in one
 * transaction next to the de-dup record of the events that caused them, so an event seen twice changes nothing the
 * second time; statements run in the order they were added, so each event sees the effects of the ones before it.
 */
@ApplicationScoped
public class ReadModelRepository {

    private static final Map<String, String> COMPACT = new ConcurrentHashMap<>();

    /**
     * The statement with its layout whitespace collapsed, once: the client caches prepared statements (parsed and
     * planned once per connection) only up to 2,048 characters, and the rollup statements are longer as written.
     */
    private static String compact(String sql) {
        return COMPACT.computeIfAbsent(sql, text -> text.strip().replaceAll("\\s+", " "));
    }

    public void recordDisconnection(SqlBatch batch, ChannelDisconnected event) {
        batch.add(compact("""
                insert into rm_channel_outage (channel_id, epoch, down_at, reason) values ($1, $2, $3, $4)
                on conflict do nothing
                """), event.channel().id(), event.epoch(), event.occurredAt(), event.reason());
    }

    public void recordConnection(SqlBatch batch, ChannelConnected event) {
        batch.add("update rm_channel_outage set up_at = $2 where channel_id = $1 and up_at is null and down_at <= $2",
                event.channel().id(), event.occurredAt());
    }

    public void recordDiscarded(SqlBatch batch, ChannelHistoryDiscarded event) {
        batch.add(compact("""
                insert into rm_history_discarded (event_id, channel_id, occurred_at, count)
                values ($1, $2, $3, $4) on conflict do nothing
                """), event.eventId(), event.channel().id(), event.occurredAt(), event.count());
    }

    /** Empties every read model and the de-dup log, before the topics are replayed from the start. */
    public void truncateAll(SqlBatch batch) {
        batch.add(compact("""
                truncate rm_ticket, rm_response, rm_resolution, rm_message, rm_sla, rm_channel_outage,
                         rm_history_discarded, rm_rollup, rm_rollup_delta, rm_duration, rm_duration_delta,
                         rm_live_count, rm_live_delta, processed_event
                """));
    }
}
