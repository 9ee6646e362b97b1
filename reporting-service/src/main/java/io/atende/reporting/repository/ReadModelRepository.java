package io.atende.reporting.repository;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.channel.ChannelConnected;
import io.atende.contracts.channel.ChannelDisconnected;
import io.atende.contracts.channel.ChannelHistoryDiscarded;
import io.atende.contracts.sla.SlaTimerSnapshot;
import io.atende.contracts.ticket.TicketSnapshot;
import io.atende.platform.persistence.SqlBatch;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes the read models. Each method adds its statements to the caller's {@link SqlBatch}, which runs them in one
 * transaction next to the de-dup record of the events that caused them, so an event seen twice changes nothing the
 * second time; statements run in the order they were added, so each event sees the effects of the ones before it.
 */
@ApplicationScoped
public class ReadModelRepository {

    /** The ticket as the event's snapshot describes it (inserted if this is the first event seen of it). */
    public void upsertTicket(SqlBatch batch, TicketSnapshot ticket, Instant at) {
        batch.add("""
                insert into rm_ticket (ticket_id, ticket_number, channel_id, department_id, department_name, assignee_id,
                                       priority, status, opened_at, cycle_opened_at, updated_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)
                on conflict (ticket_id) do update set department_id = excluded.department_id,
                    department_name = excluded.department_name, assignee_id = excluded.assignee_id,
                    priority = excluded.priority, status = excluded.status, updated_at = excluded.updated_at
                """, ticket.id(), ticket.number(), ticket.channel().id(), ticket.departmentId(),
                ticket.departmentName(), ticket.assigneeId(), ticket.priority().name(), ticket.status().name(),
                ticket.openedAt(), at);
    }

    /** A customer message is owed an answer from now, unless an earlier one still is. */
    public void awaitAnswer(SqlBatch batch, UUID ticketId, Instant since) {
        batch.add("update rm_ticket set awaiting_since = coalesce(awaiting_since, $2) where ticket_id = $1",
                ticketId, since);
    }

    /** A human answered: measure the response (FIRST of the cycle, or NEXT) if one was owed. */
    public void recordResponse(SqlBatch batch, UUID eventId, UUID ticketId, UUID agentId, Instant at) {
        batch.add("""
                insert into rm_response (event_id, ticket_id, kind, department_id, agent_id, channel_id, awaited_from,
                                         responded_at, seconds)
                select $1, ticket_id, case when first_response_pending then 'FIRST' else 'NEXT' end,
                       department_id, coalesce($3::uuid, assignee_id), channel_id, awaiting_since, $4::timestamptz,
                       extract(epoch from ($4::timestamptz - awaiting_since))
                from rm_ticket where ticket_id = $2 and awaiting_since is not null
                on conflict do nothing
                """, eventId, ticketId, agentId, at);
        batch.add("update rm_ticket set awaiting_since = null, first_response_pending = false where ticket_id = $1",
                ticketId);
    }

    public void recordMessage(SqlBatch batch, UUID eventId, TicketSnapshot ticket, String direction, String author,
            Instant at) {
        batch.add("""
                insert into rm_message (event_id, ticket_id, channel_id, department_id, direction, author, occurred_at)
                values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing
                """, eventId, ticket.id(), ticket.channel().id(), ticket.departmentId(), direction, author, at);
    }

    public void recordTransfer(SqlBatch batch, UUID ticketId) {
        batch.add("update rm_ticket set transfers = transfers + 1 where ticket_id = $1", ticketId);
    }

    /** The cycle is resolved: measure opened (or reopened) to resolved. */
    public void recordResolution(SqlBatch batch, UUID eventId, UUID ticketId, Instant at) {
        batch.add("""
                insert into rm_resolution (event_id, ticket_id, department_id, agent_id, channel_id, opened_at,
                                           resolved_at, seconds)
                select $1, ticket_id, department_id, assignee_id, channel_id, cycle_opened_at, $3::timestamptz,
                       extract(epoch from ($3::timestamptz - cycle_opened_at))
                from rm_ticket where ticket_id = $2
                on conflict do nothing
                """, eventId, ticketId, at);
        batch.add("update rm_ticket set resolved_at = $2, awaiting_since = null where ticket_id = $1", ticketId, at);
    }

    /** A new cycle: first response and resolution are measured again from the reopening. */
    public void recordReopen(SqlBatch batch, UUID ticketId, Instant at) {
        batch.add("""
                update rm_ticket set cycle = cycle + 1, cycle_opened_at = $2, first_response_pending = true,
                       resolved_at = null, awaiting_since = $2
                where ticket_id = $1
                """, ticketId, at);
    }

    public void upsertTimer(SqlBatch batch, SlaTimerSnapshot timer) {
        batch.add("""
                insert into rm_sla (timer_id, ticket_id, target, department_id, agent_id, channel_id, business_hours,
                                    started_at, due_at, outcome)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'OPEN')
                on conflict (timer_id) do update set department_id = excluded.department_id,
                    agent_id = excluded.agent_id, due_at = excluded.due_at
                """, timer.timerId(), timer.ticketId(), timer.target().name(), timer.departmentId(),
                timer.assigneeId(), timer.channelId(), timer.businessHours(), timer.startedAt(), timer.dueAt());
    }

    /** A breach is final for compliance, counted at its due time, even if the clock goes on until the reply. */
    public void recordBreach(SqlBatch batch, UUID timerId, Instant dueAt) {
        batch.add("update rm_sla set outcome = 'BREACHED', closed_at = $2 where timer_id = $1 and outcome = 'OPEN'",
                timerId, dueAt);
    }

    public void recordStop(SqlBatch batch, UUID timerId, boolean breached, long elapsedSeconds, Instant at) {
        batch.add("""
                update rm_sla set elapsed_seconds = $3,
                       outcome = case when $2 or outcome = 'BREACHED' then 'BREACHED' else 'MET' end,
                       closed_at = case when $2 or outcome = 'BREACHED' then coalesce(closed_at, due_at, $4)
                                        else $4 end
                where timer_id = $1 and outcome in ('OPEN', 'BREACHED')
                """, timerId, breached, elapsedSeconds, at);
    }

    public void recordCancel(SqlBatch batch, UUID timerId) {
        batch.add("update rm_sla set outcome = 'CANCELLED' where timer_id = $1 and outcome = 'OPEN'", timerId);
    }

    public void recordDisconnection(SqlBatch batch, ChannelDisconnected event) {
        batch.add("""
                insert into rm_channel_outage (channel_id, epoch, down_at, reason) values ($1, $2, $3, $4)
                on conflict do nothing
                """, event.channel().id(), event.epoch(), event.occurredAt(), event.reason());
    }

    public void recordConnection(SqlBatch batch, ChannelConnected event) {
        batch.add("update rm_channel_outage set up_at = $2 where channel_id = $1 and up_at is null and down_at <= $2",
                event.channel().id(), event.occurredAt());
    }

    public void recordDiscarded(SqlBatch batch, ChannelHistoryDiscarded event) {
        batch.add("""
                insert into rm_history_discarded (event_id, channel_id, occurred_at, count)
                values ($1, $2, $3, $4) on conflict do nothing
                """, event.eventId(), event.channel().id(), event.occurredAt(), event.count());
    }

    /** Empties every read model and the de-dup log, before the topics are replayed from the start. */
    public void truncateAll(SqlBatch batch) {
        batch.add("""
                truncate rm_ticket, rm_response, rm_resolution, rm_message, rm_sla, rm_channel_outage,
                         rm_history_discarded, processed_event
                """);
    }
}
