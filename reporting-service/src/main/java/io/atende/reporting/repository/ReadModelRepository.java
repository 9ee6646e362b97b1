package io.atende.reporting.repository;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.atende.contracts.channel.ChannelConnected;
import io.atende.contracts.channel.ChannelDisconnected;
import io.atende.contracts.channel.ChannelHistoryDiscarded;
import io.atende.contracts.sla.SlaTimerSnapshot;
import io.atende.platform.persistence.SqlBatch;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes the SLA and channel read models, and beside each change the rollup deltas it causes (V3__rollups.sql): a
 * timer counted as started moves between cells when its department or agent changes, a breach likewise (the
 * ticket read models are written by {@link TicketStatements}).
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

    /**
     * The timer as its snapshot describes it. A new timer is counted as started; one already counted (started, and
     * met or breached) moves with its department and agent.
     */
    public void upsertTimer(SqlBatch batch, SlaTimerSnapshot timer) {
        batch.add(compact("""
                with before as (
                    select department_id, agent_id, channel_id, target, outcome, started_at, closed_at
                    from rm_sla where timer_id = $1),
                after as (
                    insert into rm_sla (timer_id, ticket_id, target, department_id, agent_id, channel_id,
                                        business_hours, started_at, due_at, outcome)
                    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'OPEN')
                    on conflict (timer_id) do update set department_id = excluded.department_id,
                        agent_id = excluded.agent_id, due_at = excluded.due_at
                    returning department_id, agent_id, channel_id, target, started_at),
                moved as (
                    select b.*, a.department_id as new_department_id, a.agent_id as new_agent_id
                    from before b, after a
                    where b.outcome <> 'CANCELLED' and (b.department_id is distinct from a.department_id
                          or b.agent_id is distinct from a.agent_id))
                insert into rm_rollup_delta (at, department_id, agent_id, channel_id, target, sla_started, sla_met,
                                             sla_breached)
                select started_at, department_id, agent_id, channel_id, target, 1, 0, 0 from after
                where not exists (select 1 from before)
                union all
                select started_at, new_department_id, new_agent_id, channel_id, target, 1, 0, 0 from moved
                union all
                select started_at, department_id, agent_id, channel_id, target, -1, 0, 0 from moved
                union all
                select closed_at, new_department_id, new_agent_id, channel_id, target, 0,
                       case outcome when 'MET' then 1 else 0 end, case outcome when 'BREACHED' then 1 else 0 end
                from moved where outcome in ('MET', 'BREACHED')
                union all
                select closed_at, department_id, agent_id, channel_id, target, 0,
                       case outcome when 'MET' then -1 else 0 end, case outcome when 'BREACHED' then -1 else 0 end
                from moved where outcome in ('MET', 'BREACHED')
                """), timer.timerId(), timer.ticketId(), timer.target().name(), timer.departmentId(),
                timer.assigneeId(), timer.channelId(), timer.businessHours(), timer.startedAt(), timer.dueAt());
    }

    /** A breach is final for compliance, counted at its due time, even if the clock goes on until the reply. */
    public void recordBreach(SqlBatch batch, UUID timerId, Instant dueAt) {
        batch.add(compact("""
                with breached as (
                    update rm_sla set outcome = 'BREACHED', closed_at = $2 where timer_id = $1 and outcome = 'OPEN'
                    returning department_id, agent_id, channel_id, target, closed_at)
                insert into rm_rollup_delta (at, department_id, agent_id, channel_id, target, sla_breached)
                select closed_at, department_id, agent_id, channel_id, target, 1 from breached
                """), timerId, dueAt);
    }

    public void recordStop(SqlBatch batch, UUID timerId, boolean breached, long elapsedSeconds, Instant at) {
        batch.add(compact("""
                with before as (select outcome from rm_sla where timer_id = $1),
                stopped as (
                    update rm_sla set elapsed_seconds = $3,
                           outcome = case when $2 or outcome = 'BREACHED' then 'BREACHED' else 'MET' end,
                           closed_at = case when $2 or outcome = 'BREACHED' then coalesce(closed_at, due_at, $4)
                                            else $4 end
                    where timer_id = $1 and outcome in ('OPEN', 'BREACHED')
                    returning department_id, agent_id, channel_id, target, outcome, closed_at)
                insert into rm_rollup_delta (at, department_id, agent_id, channel_id, target, sla_met, sla_breached)
                select s.closed_at, s.department_id, s.agent_id, s.channel_id, s.target,
                       case s.outcome when 'MET' then 1 else 0 end, case s.outcome when 'BREACHED' then 1 else 0 end
                from stopped s, before b
                where b.outcome = 'OPEN'
                """), timerId, breached, elapsedSeconds, at);
    }

    /** A cancelled timer is left out of compliance altogether: it is no longer counted as started. */
    public void recordCancel(SqlBatch batch, UUID timerId) {
        batch.add(compact("""
                with cancelled as (
                    update rm_sla set outcome = 'CANCELLED' where timer_id = $1 and outcome = 'OPEN'
                    returning department_id, agent_id, channel_id, target, started_at)
                insert into rm_rollup_delta (at, department_id, agent_id, channel_id, target, sla_started)
                select started_at, department_id, agent_id, channel_id, target, -1 from cancelled
                """), timerId);
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
                         rm_history_discarded, rm_rollup, rm_rollup_delta, rm_live_count, rm_live_delta,
                         processed_event
                """));
    }
}
