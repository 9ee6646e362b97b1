package io.atende.reporting.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.atende.platform.persistence.Columns;
import io.atende.platform.persistence.SqlBatch;
import io.atende.reporting.ReportedTicket;
import io.atende.reporting.TicketEffects;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The ticket-event path's statements: a batch's tickets read (and locked, in id order) in one query, and its
 * {@link TicketEffects} written in one multi-row statement per table, whatever the batch's size.
 */
@ApplicationScoped
public class TicketStatements {

    /** Where a measured response or resolution adds its duration to the rollups (V5__durations.sql). */
    private static final String DURATION_DELTA = " insert into rm_duration_delta (at, department_id, agent_id,"
            + " channel_id, metric, variant, bucket, durations, seconds)";

    private static final String COLUMNS = "ticket_id, ticket_number, channel_id, department_id, department_name,"
            + " assignee_id, priority, status, opened_at, resolved_at, cycle, cycle_opened_at, awaiting_since,"
            + " first_response_pending, transfers, updated_at";

    /** The tickets the read model has of these ids, locked in id order against a replica folding the same ones. */
    public Uni<List<ReportedTicket>> lockedTickets(SqlConnection connection, List<UUID> ticketIds) {
        return connection.preparedQuery("select " + COLUMNS + " from rm_ticket where ticket_id = any($1)"
                + " order by ticket_id for update")
                .execute(Tuple.of(ticketIds.toArray(UUID[]::new)))
                .map(rows -> {
                    List<ReportedTicket> tickets = new ArrayList<>(rows.size());
                    rows.forEach(row -> tickets.add(ticket(row)));
                    return tickets;
                });
    }

    public void write(SqlBatch batch, TicketEffects effects) {
        List<ReportedTicket> tickets = List.copyOf(effects.tickets());
        if (!tickets.isEmpty()) {
            batch.add("insert into rm_ticket (" + COLUMNS + ") select * from unnest($1::uuid[], $2::bigint[],"
                    + " $3::text[], $4::uuid[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::timestamptz[],"
                    + " $10::timestamptz[], $11::int[], $12::timestamptz[], $13::timestamptz[], $14::boolean[],"
                    + " $15::int[], $16::timestamptz[])"
                    + " on conflict (ticket_id) do update set department_id = excluded.department_id,"
                    + " department_name = excluded.department_name, assignee_id = excluded.assignee_id,"
                    + " priority = excluded.priority, status = excluded.status, resolved_at = excluded.resolved_at,"
                    + " cycle = excluded.cycle, cycle_opened_at = excluded.cycle_opened_at,"
                    + " awaiting_since = excluded.awaiting_since,"
                    + " first_response_pending = excluded.first_response_pending, transfers = excluded.transfers,"
                    + " updated_at = excluded.updated_at",
                    Columns.of(tickets).uuid(ReportedTicket::ticketId).bigint(ReportedTicket::number)
                            .text(ReportedTicket::channelId).uuid(ReportedTicket::departmentId)
                            .text(ReportedTicket::departmentName).uuid(ReportedTicket::assigneeId)
                            .text(ReportedTicket::priority).text(ReportedTicket::status)
                            .timestamp(ReportedTicket::openedAt).timestamp(ReportedTicket::resolvedAt)
                            .integer(ReportedTicket::cycle).timestamp(ReportedTicket::cycleOpenedAt)
                            .timestamp(ReportedTicket::awaitingSince).bool(ReportedTicket::firstResponsePending)
                            .integer(ReportedTicket::transfers).timestamp(ReportedTicket::updatedAt).tuple());
        }
        List<TicketEffects.Message> messages = effects.messages();
        if (!messages.isEmpty()) {
            batch.add("with recorded as (insert into rm_message (event_id, ticket_id, channel_id, department_id,"
                    + " direction, author, occurred_at) select * from unnest($1::uuid[], $2::uuid[], $3::text[],"
                    + " $4::uuid[], $5::text[], $6::text[], $7::timestamptz[]) on conflict do nothing"
                    + " returning channel_id, department_id, direction, occurred_at)"
                    + " insert into rm_rollup_delta (at, department_id, channel_id, messages_in, messages_out)"
                    + " select occurred_at, department_id, channel_id, case direction when 'IN' then 1 else 0 end,"
                    + " case direction when 'IN' then 0 else 1 end from recorded",
                    Columns.of(messages).uuid(TicketEffects.Message::eventId).uuid(TicketEffects.Message::ticketId)
                            .text(TicketEffects.Message::channelId).uuid(TicketEffects.Message::departmentId)
                            .text(TicketEffects.Message::direction).text(TicketEffects.Message::author)
                            .timestamp(TicketEffects.Message::occurredAt).tuple());
        }
        List<TicketEffects.Response> responses = effects.responses();
        if (!responses.isEmpty()) {
            // Seconds are computed by PostgreSQL from the stored timestamps, exactly as a report recomputes them.
            batch.add("with recorded as (insert into rm_response (event_id, ticket_id, kind, department_id, agent_id,"
                    + " channel_id, awaited_from, responded_at, seconds) select r.*, extract(epoch from"
                    + " (r.responded_at - r.awaited_from)) from unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[],"
                    + " $5::uuid[], $6::text[], $7::timestamptz[], $8::timestamptz[]) as r (event_id, ticket_id, kind,"
                    + " department_id, agent_id, channel_id, awaited_from, responded_at) on conflict do nothing"
                    + " returning kind, department_id, agent_id, channel_id, responded_at, seconds)"
                    + DURATION_DELTA + " select responded_at, department_id, agent_id, channel_id, case kind"
                    + " when 'FIRST' then 'FIRST_RESPONSE' else 'NEXT_RESPONSE' end, 'C', rm_duration_bucket(seconds),"
                    + " 1, seconds from recorded",
                    Columns.of(responses).uuid(TicketEffects.Response::eventId)
                            .uuid(TicketEffects.Response::ticketId).text(response -> response.answer().kind())
                            .uuid(response -> response.answer().departmentId())
                            .uuid(response -> response.answer().agentId())
                            .text(response -> response.answer().channelId())
                            .timestamp(response -> response.answer().awaitedFrom())
                            .timestamp(TicketEffects.Response::respondedAt).tuple());
        }
        List<TicketEffects.Resolved> resolutions = effects.resolutions();
        if (!resolutions.isEmpty()) {
            batch.add("with measured as (insert into rm_resolution (event_id, ticket_id, department_id, agent_id,"
                    + " channel_id, opened_at, resolved_at, seconds) select r.*, extract(epoch from (r.resolved_at -"
                    + " r.opened_at)) from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[],"
                    + " $6::timestamptz[], $7::timestamptz[]) as r (event_id, ticket_id, department_id, agent_id,"
                    + " channel_id, opened_at, resolved_at) on conflict do nothing"
                    + " returning department_id, agent_id, channel_id, resolved_at, seconds),"
                    + " timed as (" + DURATION_DELTA + " select resolved_at, department_id, agent_id, channel_id,"
                    + " 'RESOLUTION', 'C', rm_duration_bucket(seconds), 1, seconds from measured)"
                    + " insert into rm_rollup_delta (at, department_id, agent_id, channel_id, resolved)"
                    + " select resolved_at, department_id, agent_id, channel_id, 1 from measured",
                    Columns.of(resolutions).uuid(TicketEffects.Resolved::eventId)
                            .uuid(TicketEffects.Resolved::ticketId)
                            .uuid(resolved -> resolved.resolution().departmentId())
                            .uuid(resolved -> resolved.resolution().agentId())
                            .text(resolved -> resolved.resolution().channelId())
                            .timestamp(resolved -> resolved.resolution().cycleOpenedAt())
                            .timestamp(TicketEffects.Resolved::resolvedAt).tuple());
        }
        List<Map.Entry<TicketEffects.CreatedKey, Integer>> created = effects.createdDeltas();
        if (!created.isEmpty()) {
            batch.add("insert into rm_rollup_delta (at, department_id, agent_id, channel_id, created)"
                    + " select * from unnest($1::timestamptz[], $2::uuid[], $3::uuid[], $4::text[], $5::int[])",
                    Columns.of(created).timestamp(entry -> entry.getKey().at())
                            .uuid(entry -> entry.getKey().departmentId()).uuid(entry -> entry.getKey().agentId())
                            .text(entry -> entry.getKey().channelId()).integer(Map.Entry::getValue).tuple());
        }
        List<TicketEffects.LiveDelta> live = effects.liveDeltas();
        if (!live.isEmpty()) {
            batch.add("insert into rm_live_delta (department_id, department_name, assignee_id, channel_id, status,"
                    + " tickets) select * from unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[],"
                    + " $6::int[])",
                    Columns.of(live).uuid(delta -> delta.key().departmentId()).text(TicketEffects.LiveDelta::departmentName)
                            .uuid(delta -> delta.key().assigneeId()).text(delta -> delta.key().channelId())
                            .text(delta -> delta.key().status()).integer(TicketEffects.LiveDelta::tickets).tuple());
        }
    }

    private static ReportedTicket ticket(Row row) {
        return new ReportedTicket(row.getUUID(0), row.getLong(1), row.getString(2), row.getUUID(3), row.getString(4),
                row.getUUID(5), row.getString(6), row.getString(7), SqlBatch.instant(row, 8),
                SqlBatch.instant(row, 9), row.getInteger(10), SqlBatch.instant(row, 11),
                SqlBatch.instant(row, 12), row.getBoolean(13), row.getInteger(14),
                SqlBatch.instant(row, 15));
    }
}
