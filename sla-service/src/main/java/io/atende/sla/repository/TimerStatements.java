package io.atende.sla.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.atende.contracts.Priority;
import io.atende.contracts.sla.SlaTarget;
import io.atende.contracts.ticket.TicketStatus;
import io.atende.platform.persistence.Columns;
import io.atende.platform.persistence.SqlBatch;
import io.atende.sla.ParkedTicketEvent;
import io.atende.sla.SlaCalendar;
import io.atende.sla.SlaPolicy;
import io.atende.sla.SlaTicket;
import io.atende.sla.SlaTimer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The ticket-event path's statements on the reactive client: what a batch of events touches, read in a few
 * multi-row queries, and its changes written back in a few multi-row statements (every statement names the whole
 * batch; none is sent per ticket or per timer). The entities are plain objects here, never attached to a Hibernate
 * session; the REST side and the clock keep Hibernate.
 */
@ApplicationScoped
public class TimerStatements {

    private static final String TIMER_COLUMNS = "id, ticket_id, ticket_number, cycle, round, target, department_id,"
            + " assignee_id, priority, channel_id, target_seconds, warn_percent, business_hours, started_at, warn_at,"
            + " due_at, state, warned, breached, stopped_at, policy_id, calendar_id, counted_millis,"
            + " segment_started_at, paused_at";
    private static final String TICKET_COLUMNS = "ticket_id, ticket_number, cycle, cycle_started_at, department_id,"
            + " assignee_id, priority, channel_id, policy_id, replied_in_cycle, waiting_on_customer, status";

    public Uni<List<SlaTicket>> tickets(SqlConnection connection, List<UUID> ticketIds) {
        return select(connection, "select " + TICKET_COLUMNS + " from sla_ticket where ticket_id = any($1)",
                Tuple.of(ticketIds.toArray(UUID[]::new)), TimerStatements::ticket);
    }

    /**
     * The running and paused timers of these tickets (every cycle), locked in id order: the clock skips them (SKIP
     * LOCKED) while the batch changes them, and the batch waits for a clock transaction holding them instead of
     * overwriting its work.
     */
    public Uni<List<SlaTimer>> openTimersLocked(SqlConnection connection, List<UUID> ticketIds) {
        return select(connection, "select " + TIMER_COLUMNS + " from sla_timer where ticket_id = any($1)"
                + " and state in ('RUNNING', 'PAUSED') order by id for update",
                Tuple.of(ticketIds.toArray(UUID[]::new)), TimerStatements::timer);
    }

    /** The highest next-response round of each ticket's cycles, keyed by {@link #roundKey}. */
    public Uni<Map<String, Integer>> nextResponseRounds(SqlConnection connection, List<UUID> ticketIds) {
        return connection.preparedQuery("select ticket_id, cycle, max(round) from sla_timer where ticket_id = any($1)"
                + " and target = 'NEXT_RESPONSE' group by ticket_id, cycle")
                .execute(Tuple.of(ticketIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<String, Integer> rounds = new HashMap<>();
                    rows.forEach(row -> rounds.put(roundKey(row.getUUID(0), row.getInteger(1)), row.getInteger(2)));
                    return rounds;
                });
    }

    public static String roundKey(UUID ticketId, int cycle) {
        return ticketId + "/" + cycle;
    }

    /**
     * The events parked for these tickets, locked: the expiry (SKIP LOCKED) leaves them to the batch that applies
     * them, and a batch waits for an expiry that holds them (and then finds them gone, dead-lettered).
     */
    public Uni<List<ParkedTicketEvent>> parked(SqlConnection connection, List<UUID> ticketIds) {
        return select(connection, "select event_id, ticket_id, occurred_at, payload, parked_at from sla_parked_event"
                + " where ticket_id = any($1) order by event_id for update", Tuple.of(ticketIds.toArray(UUID[]::new)), row -> {
                    ParkedTicketEvent parked = new ParkedTicketEvent();
                    parked.eventId = row.getUUID(0);
                    parked.ticketId = row.getUUID(1);
                    parked.occurredAt = SqlBatch.instant(row, 2);
                    parked.payload = row.getString(3);
                    parked.parkedAt = SqlBatch.instant(row, 4);
                    return parked;
                });
    }

    /** Every stored policy: an administrator's table of a few rows per department at most. */
    public Uni<List<SlaPolicy>> policies(SqlConnection connection) {
        return select(connection, "select id, department_id, priority, first_response_seconds, next_response_seconds,"
                + " resolution_seconds, warning_percent, calendar_id from sla_policy", Tuple.tuple(), row -> {
                    SlaPolicy policy = new SlaPolicy();
                    policy.id = row.getUUID(0);
                    policy.departmentId = row.getUUID(1);
                    policy.priority = value(Priority.class, row.getString(2));
                    policy.firstResponseSeconds = row.getLong(3);
                    policy.nextResponseSeconds = row.getLong(4);
                    policy.resolutionSeconds = row.getLong(5);
                    policy.warningPercent = row.getInteger(6);
                    policy.calendarId = row.getUUID(7);
                    return policy;
                });
    }

    public Uni<List<SlaCalendar>> calendars(SqlConnection connection) {
        return select(connection, "select id, name, time_zone, intervals, holidays from sla_calendar", Tuple.tuple(),
                row -> {
                    SlaCalendar calendar = new SlaCalendar();
                    calendar.id = row.getUUID(0);
                    calendar.name = row.getString(1);
                    calendar.timeZone = row.getString(2);
                    calendar.intervals = row.getString(3);
                    calendar.holidays = row.getString(4);
                    return calendar;
                });
    }

    /** Inserts the new tickets and rewrites the changed ones, in one statement. */
    public void saveTickets(SqlBatch batch, List<SlaTicket> tickets) {
        if (tickets.isEmpty()) {
            return;
        }
        batch.add("insert into sla_ticket (" + TICKET_COLUMNS + ") select * from unnest($1::uuid[], $2::bigint[],"
                + " $3::int[], $4::timestamptz[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::uuid[],"
                + " $10::boolean[], $11::boolean[], $12::text[])"
                + " on conflict (ticket_id) do update set cycle = excluded.cycle,"
                + " cycle_started_at = excluded.cycle_started_at, department_id = excluded.department_id,"
                + " assignee_id = excluded.assignee_id, priority = excluded.priority, channel_id = excluded.channel_id,"
                + " policy_id = excluded.policy_id, replied_in_cycle = excluded.replied_in_cycle,"
                + " waiting_on_customer = excluded.waiting_on_customer, status = excluded.status",
                Columns.of(tickets).uuid(t -> t.ticketId).bigint(t -> t.ticketNumber).integer(t -> t.cycle)
                        .timestamp(t -> t.cycleStartedAt).uuid(t -> t.departmentId).uuid(t -> t.assigneeId)
                        .name(t -> t.priority).text(t -> t.channelId).uuid(t -> t.policyId)
                        .bool(t -> t.repliedInCycle).bool(t -> t.waitingOnCustomer).name(t -> t.status).tuple());
    }

    /** Inserts the new timers and rewrites the changed ones, in one statement. */
    public void saveTimers(SqlBatch batch, List<SlaTimer> timers) {
        if (timers.isEmpty()) {
            return;
        }
        batch.add("insert into sla_timer (" + TIMER_COLUMNS + ") select * from unnest($1::uuid[], $2::uuid[],"
                + " $3::bigint[], $4::int[], $5::int[], $6::text[], $7::uuid[], $8::uuid[], $9::text[], $10::text[],"
                + " $11::bigint[], $12::int[], $13::boolean[], $14::timestamptz[], $15::timestamptz[],"
                + " $16::timestamptz[], $17::text[], $18::boolean[], $19::boolean[], $20::timestamptz[], $21::uuid[],"
                + " $22::uuid[], $23::bigint[], $24::timestamptz[], $25::timestamptz[])"
                + " on conflict (id) do update set department_id = excluded.department_id,"
                + " assignee_id = excluded.assignee_id, priority = excluded.priority, channel_id = excluded.channel_id,"
                + " warn_at = excluded.warn_at, due_at = excluded.due_at, state = excluded.state,"
                + " warned = excluded.warned, breached = excluded.breached, stopped_at = excluded.stopped_at,"
                + " counted_millis = excluded.counted_millis, segment_started_at = excluded.segment_started_at,"
                + " paused_at = excluded.paused_at",
                Columns.of(timers).uuid(t -> t.id).uuid(t -> t.ticketId).bigint(t -> t.ticketNumber)
                        .integer(t -> t.cycle).integer(t -> t.round).name(t -> t.target).uuid(t -> t.departmentId)
                        .uuid(t -> t.assigneeId).name(t -> t.priority).text(t -> t.channelId)
                        .bigint(t -> t.targetSeconds).integer(t -> t.warnPercent).bool(t -> t.businessHours)
                        .timestamp(t -> t.startedAt).timestamp(t -> t.warnAt).timestamp(t -> t.dueAt)
                        .name(t -> t.state).bool(t -> t.warned).bool(t -> t.breached).timestamp(t -> t.stoppedAt)
                        .uuid(t -> t.policyId).uuid(t -> t.calendarId).bigint(t -> t.countedMillis)
                        .timestamp(t -> t.segmentStartedAt).timestamp(t -> t.pausedAt).tuple());
    }

    public void park(SqlBatch batch, List<ParkedTicketEvent> rows) {
        if (rows.isEmpty()) {
            return;
        }
        batch.add("insert into sla_parked_event (event_id, ticket_id, occurred_at, payload, parked_at)"
                + " select * from unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::text[], $5::timestamptz[])"
                + " on conflict do nothing",
                Columns.of(rows).uuid(row -> row.eventId).uuid(row -> row.ticketId).timestamp(row -> row.occurredAt)
                        .text(row -> row.payload).timestamp(row -> row.parkedAt).tuple());
    }

    public void unpark(SqlBatch batch, List<UUID> eventIds) {
        if (!eventIds.isEmpty()) {
            batch.add("delete from sla_parked_event where event_id = any($1)", Tuple.of(eventIds.toArray(UUID[]::new)));
        }
    }

    private static <T> Uni<List<T>> select(SqlConnection connection, String sql, Tuple arguments, Function<Row, T> map) {
        return connection.preparedQuery(sql).execute(arguments).map(rows -> list(rows, map));
    }

    private static <T> List<T> list(RowSet<Row> rows, Function<Row, T> map) {
        List<T> out = new ArrayList<>(rows.size());
        rows.forEach(row -> out.add(map.apply(row)));
        return out;
    }

    private static SlaTicket ticket(Row row) {
        SlaTicket ticket = new SlaTicket();
        ticket.ticketId = row.getUUID(0);
        ticket.ticketNumber = row.getLong(1);
        ticket.cycle = row.getInteger(2);
        ticket.cycleStartedAt = SqlBatch.instant(row, 3);
        ticket.departmentId = row.getUUID(4);
        ticket.assigneeId = row.getUUID(5);
        ticket.priority = value(Priority.class, row.getString(6));
        ticket.channelId = row.getString(7);
        ticket.policyId = row.getUUID(8);
        ticket.repliedInCycle = row.getBoolean(9);
        ticket.waitingOnCustomer = row.getBoolean(10);
        ticket.status = value(TicketStatus.class, row.getString(11));
        return ticket;
    }

    private static SlaTimer timer(Row row) {
        SlaTimer timer = new SlaTimer();
        timer.id = row.getUUID(0);
        timer.ticketId = row.getUUID(1);
        timer.ticketNumber = row.getLong(2);
        timer.cycle = row.getInteger(3);
        timer.round = row.getInteger(4);
        timer.target = value(SlaTarget.class, row.getString(5));
        timer.departmentId = row.getUUID(6);
        timer.assigneeId = row.getUUID(7);
        timer.priority = value(Priority.class, row.getString(8));
        timer.channelId = row.getString(9);
        timer.targetSeconds = row.getLong(10);
        timer.warnPercent = row.getInteger(11);
        timer.businessHours = row.getBoolean(12);
        timer.startedAt = SqlBatch.instant(row, 13);
        timer.warnAt = SqlBatch.instant(row, 14);
        timer.dueAt = SqlBatch.instant(row, 15);
        timer.state = value(SlaTimer.State.class, row.getString(16));
        timer.warned = row.getBoolean(17);
        timer.breached = row.getBoolean(18);
        timer.stoppedAt = SqlBatch.instant(row, 19);
        timer.policyId = row.getUUID(20);
        timer.calendarId = row.getUUID(21);
        timer.countedMillis = row.getLong(22);
        timer.segmentStartedAt = SqlBatch.instant(row, 23);
        timer.pausedAt = SqlBatch.instant(row, 24);
        return timer;
    }

    private static <E extends Enum<E>> E value(Class<E> type, String name) {
        return name == null ? null : Enum.valueOf(type, name);
    }
}
