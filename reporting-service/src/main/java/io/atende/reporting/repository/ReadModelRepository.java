package io.atende.reporting.repository;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.atende.contracts.channel.ChannelConnected;
import io.atende.contracts.channel.ChannelDisconnected;
import io.atende.contracts.channel.ChannelHistoryDiscarded;
import io.atende.contracts.sla.SlaTimerSnapshot;
import io.atende.contracts.ticket.TicketSnapshot;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes the read models. Every statement runs in the caller's transaction, next to the de-dup record of the event
 * that caused it, so an event seen twice changes nothing the second time.
 */
@ApplicationScoped
public class ReadModelRepository {

    /** The ticket as the event's snapshot describes it (inserted if this is the first event seen of it). */
    public Uni<Void> upsertTicket(TicketSnapshot ticket, Instant at) {
        return execute("""
                insert into rm_ticket (ticket_id, ticket_number, channel_id, department_id, department_name, assignee_id,
                                       priority, status, opened_at, cycle_opened_at, updated_at)
                values (:id, :number, :channel, :department, :departmentName, :assignee, :priority, :status, :openedAt,
                        :openedAt, :at)
                on conflict (ticket_id) do update set department_id = excluded.department_id,
                    department_name = excluded.department_name, assignee_id = excluded.assignee_id,
                    priority = excluded.priority, status = excluded.status, updated_at = excluded.updated_at
                """, params("id", ticket.id(), "number", ticket.number(), "channel", ticket.channel().id(),
                "department", ticket.departmentId(), "departmentName", ticket.departmentName(),
                "assignee", ticket.assigneeId(), "priority", ticket.priority().name(),
                "status", ticket.status().name(), "openedAt", ticket.openedAt(), "at", at));
    }

    /** A customer message is owed an answer from now, unless an earlier one still is. */
    public Uni<Void> awaitAnswer(UUID ticketId, Instant since) {
        return execute("update rm_ticket set awaiting_since = coalesce(awaiting_since, :since) where ticket_id = :id",
                params("id", ticketId, "since", since));
    }

    /** A human answered: measure the response (FIRST of the cycle, or NEXT) if one was owed. */
    public Uni<Void> recordResponse(UUID eventId, UUID ticketId, UUID agentId, Instant at) {
        return execute("""
                insert into rm_response (event_id, ticket_id, kind, department_id, agent_id, channel_id, awaited_from,
                                         responded_at, seconds)
                select :eventId, ticket_id, case when first_response_pending then 'FIRST' else 'NEXT' end,
                       department_id, coalesce(cast(:agent as uuid), assignee_id), channel_id, awaiting_since, :at,
                       extract(epoch from (cast(:at as timestamptz) - awaiting_since))
                from rm_ticket where ticket_id = :id and awaiting_since is not null
                on conflict do nothing
                """, params("eventId", eventId, "id", ticketId, "agent", agentId, "at", at))
                .flatMap(done -> execute("""
                        update rm_ticket set awaiting_since = null, first_response_pending = false
                        where ticket_id = :id
                        """, params("id", ticketId)));
    }

    public Uni<Void> recordMessage(UUID eventId, TicketSnapshot ticket, String direction, String author, Instant at) {
        return execute("""
                insert into rm_message (event_id, ticket_id, channel_id, department_id, direction, author, occurred_at)
                values (:eventId, :ticket, :channel, :department, :direction, :author, :at) on conflict do nothing
                """, params("eventId", eventId, "ticket", ticket.id(), "channel", ticket.channel().id(),
                "department", ticket.departmentId(), "direction", direction, "author", author, "at", at));
    }

    public Uni<Void> recordTransfer(UUID ticketId) {
        return execute("update rm_ticket set transfers = transfers + 1 where ticket_id = :id", params("id", ticketId));
    }

    /** The cycle is resolved: measure opened (or reopened) to resolved. */
    public Uni<Void> recordResolution(UUID eventId, UUID ticketId, Instant at) {
        return execute("""
                insert into rm_resolution (event_id, ticket_id, department_id, agent_id, channel_id, opened_at,
                                           resolved_at, seconds)
                select :eventId, ticket_id, department_id, assignee_id, channel_id, cycle_opened_at, :at,
                       extract(epoch from (cast(:at as timestamptz) - cycle_opened_at))
                from rm_ticket where ticket_id = :id
                on conflict do nothing
                """, params("eventId", eventId, "id", ticketId, "at", at))
                .flatMap(done -> execute("""
                        update rm_ticket set resolved_at = :at, awaiting_since = null where ticket_id = :id
                        """, params("id", ticketId, "at", at)));
    }

    /** A new cycle: first response and resolution are measured again from the reopening. */
    public Uni<Void> recordReopen(UUID ticketId, Instant at) {
        return execute("""
                update rm_ticket set cycle = cycle + 1, cycle_opened_at = :at, first_response_pending = true,
                       resolved_at = null, awaiting_since = :at
                where ticket_id = :id
                """, params("id", ticketId, "at", at));
    }

    public Uni<Void> upsertTimer(SlaTimerSnapshot timer) {
        return execute("""
                insert into rm_sla (timer_id, ticket_id, target, department_id, agent_id, channel_id, business_hours,
                                    started_at, due_at, outcome)
                values (:timer, :ticket, :target, :department, :agent, :channel, :businessHours, :startedAt, :dueAt,
                        'OPEN')
                on conflict (timer_id) do update set department_id = excluded.department_id,
                    agent_id = excluded.agent_id, due_at = excluded.due_at
                """, params("timer", timer.timerId(), "ticket", timer.ticketId(), "target", timer.target().name(),
                "department", timer.departmentId(), "agent", timer.assigneeId(),
                "channel", timer.channelId(), "businessHours", timer.businessHours(),
                "startedAt", timer.startedAt(), "dueAt", timer.dueAt()));
    }

    /** A breach is final for compliance, counted at its due time, even if the clock goes on until the reply. */
    public Uni<Void> recordBreach(UUID timerId, Instant dueAt) {
        return execute("""
                update rm_sla set outcome = 'BREACHED', closed_at = :dueAt where timer_id = :timer and outcome = 'OPEN'
                """, params("timer", timerId, "dueAt", dueAt));
    }

    public Uni<Void> recordStop(UUID timerId, boolean breached, long elapsedSeconds, Instant at) {
        return execute("""
                update rm_sla set elapsed_seconds = :elapsed,
                       outcome = case when :breached or outcome = 'BREACHED' then 'BREACHED' else 'MET' end,
                       closed_at = case when :breached or outcome = 'BREACHED' then coalesce(closed_at, due_at, :at)
                                        else :at end
                where timer_id = :timer and outcome in ('OPEN', 'BREACHED')
                """, params("timer", timerId, "breached", breached, "elapsed", elapsedSeconds, "at", at));
    }

    public Uni<Void> recordCancel(UUID timerId) {
        return execute("update rm_sla set outcome = 'CANCELLED' where timer_id = :timer and outcome = 'OPEN'",
                params("timer", timerId));
    }

    public Uni<Void> recordDisconnection(ChannelDisconnected event) {
        return execute("""
                insert into rm_channel_outage (channel_id, epoch, down_at, reason) values (:channel, :epoch, :at, :reason)
                on conflict do nothing
                """, params("channel", event.channel().id(), "epoch", event.epoch(), "at", event.occurredAt(),
                "reason", event.reason()));
    }

    public Uni<Void> recordConnection(ChannelConnected event) {
        return execute("""
                update rm_channel_outage set up_at = :at
                where channel_id = :channel and up_at is null and down_at <= :at
                """, params("channel", event.channel().id(), "at", event.occurredAt()));
    }

    public Uni<Void> recordDiscarded(ChannelHistoryDiscarded event) {
        return execute("""
                insert into rm_history_discarded (event_id, channel_id, occurred_at, count)
                values (:eventId, :channel, :at, :count) on conflict do nothing
                """, params("eventId", event.eventId(), "channel", event.channel().id(), "at", event.occurredAt(),
                "count", event.count()));
    }

    /** Empties every read model and the de-dup log, before the topics are replayed from the start. */
    public Uni<Void> truncateAll() {
        return execute("""
                truncate rm_ticket, rm_response, rm_resolution, rm_message, rm_sla, rm_channel_outage,
                         rm_history_discarded, processed_event
                """, params());
    }

    /** Native SQL in the current session. Null values bind as SQL nulls (their type comes from the statement). */
    private static Uni<Void> execute(String sql, Map<String, Object> parameters) {
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql);
            parameters.forEach(query::setParameter);
            return query.executeUpdate();
        }).replaceWithVoid();
    }

    /** Name-value pairs; unlike {@code Map.of}, values may be null. */
    private static Map<String, Object> params(Object... pairs) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
