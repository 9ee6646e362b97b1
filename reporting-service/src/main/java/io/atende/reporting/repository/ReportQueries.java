package io.atende.reporting.repository;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.atende.reporting.config.ReportingConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The report queries: plain SQL over the read models. What the rollups count (V3__rollups.sql) is read in one
 * statement from three parts: the raw rows of the period's partial days, the cells of its whole days, and the deltas
 * of those days not folded into the cells yet (see {@link RollupPeriod}).
 */
@ApplicationScoped
public class ReportQueries {

    /** The dimensions a report can group by, as each read-model table names them. */
    public enum Dimension {
        NONE, DEPARTMENT, AGENT, CHANNEL;

        String column(String department, String agent, String channel) {
            return switch (this) {
                case NONE -> "'all'";
                case DEPARTMENT -> "coalesce(cast(" + department + " as text), '')";
                case AGENT -> "coalesce(cast(" + agent + " as text), '')";
                case CHANNEL -> channel;
            };
        }
    }

    /** A cell's dimension columns as a report keys them: the absent value is the all-zero uuid there. */
    private static final String NONE = "'" + RollupRepository.NONE + "'::uuid";
    private static final String CELL_DEPARTMENT = "nullif(department_id, " + NONE + ")";
    private static final String CELL_AGENT = "nullif(agent_id, " + NONE + ")";
    private static final String CELL_CHANNEL = "nullif(channel_id, '')";

    private final Pool pool;
    private final ZoneId cellZone;
    private final long exactPercentilesUpTo;

    public ReportQueries(Pool pool, ReportingConfig config) {
        this.pool = pool;
        this.cellZone = config.timeZone();
        this.exactPercentilesUpTo = config.exactPercentilesUpTo();
    }

    /**
     * Count, average, median and p90 of every duration metric (first response, next response, resolution) in both
     * variants (calendar time, business hours), per key. Count and average are always exact; the percentiles too
     * when the period's partial days hold them all or it holds at most {@code atende.reporting.exact-percentiles-up-to}
     * durations, and else come from the duration cells' sketches, within {@link DurationBuckets#RELATIVE_ACCURACY}.
     */
    public Uni<Durations> durations(ReportFilter filter, Dimension by) {
        RollupPeriod period = period(filter, true, true);
        if (!period.usesCells()) {
            return exactDurations(filter, by);
        }
        return rows(sketchedDurations(filter, by, period)).flatMap(rows -> {
            long durations = rows.stream().mapToLong(row -> ((Number) row.get("count")).longValue()).sum();
            if (durations <= exactPercentilesUpTo) {
                return exactDurations(filter, by);
            }
            rows.forEach(row -> {
                long count = ((Number) row.get("count")).longValue();
                row.put("median_seconds", percentile(0.5, count, row.remove("median_low"), row.remove("median_high")));
                row.put("p90_seconds", percentile(0.9, count, row.remove("p90_low"), row.remove("p90_high")));
            });
            return Uni.createFrom().item(new Durations(rows, false));
        });
    }

    /** A duration report's rows (key, metric, variant, count, average, median, p90) and how exact its percentiles are. */
    public record Durations(List<Map<String, Object>> rows, boolean exactPercentiles) {
    }

    private Uni<Durations> exactDurations(ReportFilter filter, Dimension by) {
        return calendarTimes(filter, by).flatMap(calendar -> businessTimes(filter, by).map(business -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            calendar.forEach(row -> rows.add(withVariant(row, "CALENDAR")));
            business.forEach(row -> rows.add(withVariant(row, "BUSINESS_HOURS")));
            return new Durations(rows, true);
        }));
    }

    private static Map<String, Object> withVariant(Map<String, Object> row, String variant) {
        Map<String, Object> copy = new LinkedHashMap<>();
        copy.put("key", row.get("key"));
        copy.put("metric", row.get("metric"));
        copy.put("variant", variant);
        copy.put("count", row.get("count"));
        copy.put("average_seconds", row.get("average_seconds"));
        copy.put("median_seconds", row.get("median_seconds"));
        copy.put("p90_seconds", row.get("p90_seconds"));
        return copy;
    }

    /**
     * The q-th percentile as {@code percentile_cont} defines it (interpolated between the durations at ranks
     * floor(q x (count - 1)) and the next), from the buckets holding those two durations: each read within 1 %, so
     * their interpolation is within 1 % of the exact percentile.
     */
    private static Double percentile(double q, long count, Object lowBucket, Object highBucket) {
        if (lowBucket == null || highBucket == null) {
            return null;
        }
        double position = q * (count - 1);
        double fraction = position - Math.floor(position);
        double low = DurationBuckets.seconds(((Number) lowBucket).intValue());
        double high = DurationBuckets.seconds(((Number) highBucket).intValue());
        return BigDecimal.valueOf(low + fraction * (high - low)).setScale(3, RoundingMode.HALF_UP).doubleValue();
    }

    /**
     * The period's durations as buckets: the partial days' rows bucketed as the ingest buckets them, the whole days'
     * cells and unfolded deltas; per key, metric and variant the exact count and sum, and the buckets holding the
     * durations at the ranks around the median and the p90 (the duration at rank r is in the first bucket whose
     * running count passes r).
     */
    private ReportFilter.Sql sketchedDurations(ReportFilter filter, Dimension by, RollupPeriod period) {
        String key = by.column("department_id", "agent_id", "channel_id");
        ReportFilter.Sql sql = new ReportFilter.Sql().append("with parts as (select ").append(key)
                .append(" as key, case kind when 'FIRST' then 'FIRST_RESPONSE' else 'NEXT_RESPONSE' end as metric,")
                .append(" 'C' as variant, rm_duration_bucket(seconds) as bucket, 1 as durations,")
                .append(" cast(seconds as numeric) as seconds from rm_response where ");
        period.partialDays(sql, "responded_at");
        filter.restrict(sql, "department_id", "agent_id", "channel_id");
        sql.append(" union all select ").append(key).append(", 'RESOLUTION', 'C', rm_duration_bucket(seconds), 1,")
                .append(" cast(seconds as numeric) from rm_resolution where ");
        period.partialDays(sql, "resolved_at");
        filter.restrict(sql, "department_id", "agent_id", "channel_id");
        sql.append(" union all select ").append(key).append(", target, 'B', rm_duration_bucket(elapsed_seconds), 1,")
                .append(" cast(elapsed_seconds as numeric) from rm_sla where business_hours")
                .append(" and elapsed_seconds is not null and ");
        period.partialDays(sql, "closed_at");
        filter.restrict(sql, "department_id", "agent_id", "channel_id");
        counted(sql, filter, period, null, by, true, "metric, variant, bucket, durations, seconds", "durations <> 0",
                Cells.DURATIONS);
        sql.append("""
                ), buckets as (
                    select key, metric, variant, bucket, sum(durations) as durations, sum(seconds) as seconds
                    from parts group by 1, 2, 3, 4 having sum(durations) <> 0),
                ranked as (
                    select key, metric, variant, bucket, seconds,
                           sum(durations) over (partition by key, metric, variant order by bucket) as running,
                           sum(durations) over (partition by key, metric, variant) as total
                    from buckets)
                select key, metric, case variant when 'C' then 'CALENDAR' else 'BUSINESS_HOURS' end as variant,
                       cast(max(total) as bigint) as count, sum(seconds) / max(total) as average_seconds,
                       min(bucket) filter (where running > floor(0.5 * (total - 1))) as median_low,
                       min(bucket) filter (where running > least(floor(0.5 * (total - 1)) + 1, total - 1))
                           as median_high,
                       min(bucket) filter (where running > floor(0.9 * (total - 1))) as p90_low,
                       min(bucket) filter (where running > least(floor(0.9 * (total - 1)) + 1, total - 1)) as p90_high
                from ranked group by key, metric, variant
                order by variant desc, key, metric""");
        return sql;
    }

    /**
     * Live: tickets by department and status (from the live counters and their unfolded deltas), with the oldest
     * still waiting in each queue.
     */
    public Uni<List<Map<String, Object>>> ticketsByStatus(ReportFilter filter) {
        ReportFilter.Sql sql = new ReportFilter.Sql().append("""
                with counted as (
                    select department_id, department_name, assignee_id, channel_id, status, tickets from rm_live_count
                    union all
                    select coalesce(department_id, %1$s), department_name, coalesce(assignee_id, %1$s), channel_id,
                           status, tickets from rm_live_delta),
                counts as (
                    select coalesce(cast(nullif(department_id, %1$s) as text), '') as department_id,
                           max(department_name) as department_name, status, cast(sum(tickets) as bigint) as tickets
                    from counted where true""".formatted(NONE));
        filter.restrict(sql, "department_id", "assignee_id", "channel_id");
        sql.append("""
                 group by 1, status having sum(tickets) <> 0),
                waiting as (
                    select coalesce(cast(department_id as text), '') as department_id, min(opened_at) as oldest
                    from rm_ticket where status = 'QUEUED'""");
        filter.restrict(sql, "department_id", "assignee_id", "channel_id");
        sql.append("""
                 group by 1)
                select c.department_id, c.department_name, c.status, c.tickets,
                       case when c.status = 'QUEUED' then w.oldest end as oldest_waiting_since
                from counts c left join waiting w on w.department_id = c.department_id
                order by 1, 3""");
        return rows(sql);
    }

    /** The ticket waiting longest in a queue (no owner yet), or none. */
    public Uni<List<Map<String, Object>>> oldestWaiting(ReportFilter filter) {
        ReportFilter.Sql sql = new ReportFilter.Sql().append("""
                select ticket_number, cast(ticket_id as text) as ticket_id, department_name, opened_at
                from rm_ticket where status = 'QUEUED'""");
        filter.restrict(sql, "department_id", "assignee_id", "channel_id");
        sql.append(" order by opened_at limit 1");
        return rows(sql);
    }

    public Uni<Long> agentsWithOpenTickets(ReportFilter filter) {
        ReportFilter.Sql sql = new ReportFilter.Sql()
                .append("select count(distinct assignee_id) from rm_ticket where status in ('OPEN', 'WAITING_ON_CUSTOMER')");
        filter.restrict(sql, "department_id", "assignee_id", "channel_id");
        return single(sql);
    }

    /**
     * Tickets created (by opening time, under the ticket's current department and assignee) and resolved (by
     * resolution time) per bucket and key. Hourly buckets come from the raw rows only.
     */
    public Uni<List<Map<String, Object>>> volume(ReportFilter filter, String interval, Dimension by) {
        RollupPeriod period = period(filter, !"hour".equals(interval), false);
        ReportFilter.Sql sql = new ReportFilter.Sql()
                .append("select bucket as bucket_start, key, cast(sum(created) as bigint) as created,")
                .append(" cast(sum(resolved) as bigint) as resolved from (")
                .append("select date_trunc(").bind(interval).append(", opened_at at time zone ")
                .bind(filter.zone().getId()).append(") as bucket, ")
                .append(by.column("department_id", "assignee_id", "channel_id"))
                .append(" as key, 1 as created, 0 as resolved from rm_ticket where ");
        period.partialDays(sql, "opened_at");
        filter.restrict(sql, "department_id", "assignee_id", "channel_id");
        sql.append(" union all select date_trunc(").bind(interval).append(", resolved_at at time zone ")
                .bind(filter.zone().getId()).append("), ").append(by.column("department_id", "agent_id", "channel_id"))
                .append(", 0, 1 from rm_resolution where ");
        period.partialDays(sql, "resolved_at");
        filter.restrict(sql, "department_id", "agent_id", "channel_id");
        counted(sql, filter, period, interval, by, true, "created, resolved", "created <> 0 or resolved <> 0", Cells.COUNTS);
        sql.append(") parts group by 1, 2 having sum(created) <> 0 or sum(resolved) <> 0 order by 1, 2");
        return rows(sql);
    }

    /** Count, average, median and p90 of first response, next response and resolution, in calendar time. */
    private Uni<List<Map<String, Object>>> calendarTimes(ReportFilter filter, Dimension by) {
        ReportFilter.Sql sql = new ReportFilter.Sql().append("select ")
                .append(by.column("department_id", "agent_id", "channel_id"))
                .append(" as key, case kind when 'FIRST' then 'FIRST_RESPONSE' else 'NEXT_RESPONSE' end as metric, ")
                .append(statistics("seconds")).append(" from rm_response where responded_at >= ").bind(filter.from())
                .append(" and responded_at < ").bind(filter.to());
        filter.restrict(sql, "department_id", "agent_id", "channel_id");
        sql.append(" group by 1, 2 union all select ").append(by.column("department_id", "agent_id", "channel_id"))
                .append(" as key, 'RESOLUTION' as metric, ").append(statistics("seconds"))
                .append(" from rm_resolution where resolved_at >= ").bind(filter.from())
                .append(" and resolved_at < ").bind(filter.to());
        filter.restrict(sql, "department_id", "agent_id", "channel_id");
        sql.append(" group by 1, 2 order by 1, 2");
        return rows(sql);
    }

    /**
     * The same measures in business time, as sla-service measured them against each policy's calendar (the
     * timers whose policy counts business hours; paused time excluded).
     */
    private Uni<List<Map<String, Object>>> businessTimes(ReportFilter filter, Dimension by) {
        ReportFilter.Sql sql = new ReportFilter.Sql().append("select ")
                .append(by.column("department_id", "agent_id", "channel_id")).append(" as key, target as metric, ")
                .append(statistics("elapsed_seconds"))
                .append(" from rm_sla where business_hours and elapsed_seconds is not null and closed_at >= ")
                .bind(filter.from()).append(" and closed_at < ").bind(filter.to());
        filter.restrict(sql, "department_id", "agent_id", "channel_id");
        sql.append(" group by 1, 2 order by 1, 2");
        return rows(sql);
    }

    /**
     * SLA outcomes per key and target: closed in the period (met, breached), and still open at its end (started
     * before it and not closed before it: timers started minus closed over all history before the end). Every key
     * and target that has a timer not cancelled gets a row, as it always did.
     */
    public Uni<List<Map<String, Object>>> slaOutcomes(ReportFilter filter, Dimension by) {
        RollupPeriod period = period(filter, true, true);
        RollupPeriod history = RollupPeriod.of(Instant.EPOCH, filter.to(), filter.zone(), cellZone, true, true);
        String key = by.column("department_id", "agent_id", "channel_id");
        ReportFilter.Sql sql = new ReportFilter.Sql().append("""
                select key, target, cast(sum(met) as bigint) as met, cast(sum(breached) as bigint) as breached,
                       cast(sum(open) as bigint) as open from (
                select""").append(" ").append(key).append(" as key, target, case outcome when 'MET' then 1 else 0 end as met,")
                .append(" case outcome when 'BREACHED' then 1 else 0 end as breached, 0 as open, 0 as seen")
                .append(" from rm_sla where outcome in ('MET', 'BREACHED') and ");
        period.partialDays(sql, "closed_at");
        filter.restrict(sql, "department_id", "agent_id", "channel_id");
        counted(sql, filter, period, null, by, true, "target, sla_met, sla_breached, 0, 0",
                "sla_met <> 0 or sla_breached <> 0", Cells.SLA);
        sql.append(" union all select ").append(key).append(", target, 0, 0, 1, 0 from rm_sla where outcome <> 'CANCELLED' and ");
        history.partialDays(sql, "started_at");
        filter.restrict(sql, "department_id", "agent_id", "channel_id");
        sql.append(" union all select ").append(key).append(", target, 0, 0, -1, 0 from rm_sla")
                .append(" where outcome in ('MET', 'BREACHED') and ");
        history.partialDays(sql, "closed_at");
        filter.restrict(sql, "department_id", "agent_id", "channel_id");
        counted(sql, filter, history, null, by, true, "target, 0, 0, sla_started - sla_met - sla_breached, 0",
                "sla_started <> 0 or sla_met <> 0 or sla_breached <> 0", Cells.SLA);
        if (history.usesCells()) {
            // Which keys and targets have timers: every month cell and unfolded delta, whenever.
            sql.append(" union all select ").append(by.column(CELL_DEPARTMENT, CELL_AGENT, CELL_CHANNEL))
                    .append(", target, 0, 0, 0, sla_started from rm_rollup where grain = 'M' and target <> '' and scope = ")
                    .append(Integer.toString(scope(filter, by, true)));
            filter.restrict(sql, "department_id", "agent_id", "channel_id");
            sql.append(" union all select ").append(key)
                    .append(", target, 0, 0, 0, sla_started from rm_rollup_delta where sla_started <> 0");
            filter.restrict(sql, "department_id", "agent_id", "channel_id");
        } else {
            sql.append(" union all select ").append(key)
                    .append(", target, 0, 0, 0, 1 from rm_sla where outcome <> 'CANCELLED'");
            filter.restrict(sql, "department_id", "agent_id", "channel_id");
        }
        sql.append(") parts group by 1, 2 having sum(seen) > 0 order by 1, 2");
        return rows(sql);
    }

    /** Per agent: distinct tickets they answered or resolved in the period. */
    public Uni<List<Map<String, Object>>> ticketsHandled(ReportFilter filter) {
        ReportFilter.Sql sql = new ReportFilter.Sql().append("""
                select cast(agent_id as text) as key, count(distinct ticket_id) as tickets_handled from (
                  select agent_id, ticket_id, department_id, channel_id from rm_response where responded_at >= """)
                .bind(filter.from()).append(" and responded_at < ").bind(filter.to()).append("""
                 union all
                  select agent_id, ticket_id, department_id, channel_id from rm_resolution where resolved_at >= """)
                .bind(filter.from()).append(" and resolved_at < ").bind(filter.to())
                .append(") handled where agent_id is not null");
        filter.restrict(sql, "department_id", "agent_id", "channel_id");
        sql.append(" group by 1 order by 1");
        return rows(sql);
    }

    /** Per channel: messages in and out (a message has no agent: the agent filter does not apply). */
    public Uni<List<Map<String, Object>>> messages(ReportFilter filter) {
        RollupPeriod period = period(filter, true, true);
        ReportFilter.Sql sql = new ReportFilter.Sql().append("""
                select key, cast(sum(messages_in) as bigint) as messages_in,
                       cast(sum(messages_out) as bigint) as messages_out from (
                select channel_id as key, case direction when 'IN' then 1 else 0 end as messages_in,
                       case direction when 'OUT' then 1 else 0 end as messages_out
                from rm_message where """);
        period.partialDays(sql, "occurred_at");
        filter.restrict(sql, "department_id", null, "channel_id");
        counted(sql, filter, period, null, Dimension.CHANNEL, false, "messages_in, messages_out",
                "messages_in <> 0 or messages_out <> 0", Cells.COUNTS);
        sql.append(") parts group by 1 having sum(messages_in) <> 0 or sum(messages_out) <> 0 order by 1");
        return rows(sql);
    }

    /** Per channel: seconds down within the period (outages clipped to it) and the number of outages. */
    public Uni<List<Map<String, Object>>> downtime(ReportFilter filter) {
        ReportFilter.Sql sql = new ReportFilter.Sql().append("select channel_id as key, count(*) as outages, ")
                .append("sum(extract(epoch from (least(coalesce(up_at, ").bind(filter.to()).append("), ")
                .bind(filter.to()).append(") - greatest(down_at, ").bind(filter.from()).append(")))) as downtime_seconds")
                .append(" from rm_channel_outage where down_at < ").bind(filter.to())
                .append(" and coalesce(up_at, ").bind(filter.to()).append(") > ").bind(filter.from());
        filter.restrict(sql, null, null, "channel_id");
        sql.append(" group by 1 order by 1");
        return rows(sql);
    }

    /** Per channel: pre-link history messages discarded, by design, in the period. */
    public Uni<List<Map<String, Object>>> discarded(ReportFilter filter) {
        ReportFilter.Sql sql = new ReportFilter.Sql()
                .append("select channel_id as key, cast(sum(count) as bigint) as history_discarded from rm_history_discarded where occurred_at >= ")
                .bind(filter.from()).append(" and occurred_at < ").bind(filter.to());
        filter.restrict(sql, null, null, "channel_id");
        sql.append(" group by 1 order by 1");
        return rows(sql);
    }

    public Uni<Long> ticketsOpened(ReportFilter filter) {
        RollupPeriod period = period(filter, true, true);
        ReportFilter.Sql sql = new ReportFilter.Sql()
                .append("select cast(coalesce(sum(created), 0) as bigint) from (select 'all' as key, 1 as created")
                .append(" from rm_ticket where ");
        period.partialDays(sql, "opened_at");
        filter.restrict(sql, "department_id", "assignee_id", "channel_id");
        counted(sql, filter, period, null, Dimension.NONE, true, "created", "created <> 0", Cells.COUNTS);
        return single(sql.append(") parts"));
    }

    public Uni<Long> slaBreaches(ReportFilter filter) {
        RollupPeriod period = period(filter, true, true);
        ReportFilter.Sql sql = new ReportFilter.Sql()
                .append("select cast(coalesce(sum(sla_breached), 0) as bigint) from (select 'all' as key,")
                .append(" 1 as sla_breached from rm_sla where outcome = 'BREACHED' and ");
        period.partialDays(sql, "closed_at");
        filter.restrict(sql, "department_id", "agent_id", "channel_id");
        counted(sql, filter, period, null, Dimension.NONE, true, "sla_breached", "sla_breached <> 0", Cells.SLA);
        return single(sql.append(") parts"));
    }

    private RollupPeriod period(ReportFilter filter, boolean daysUsable, boolean months) {
        return RollupPeriod.of(filter.from(), filter.to(), filter.zone(), cellZone, daysUsable, months);
    }

    /** Which cells and deltas a counted measure is kept in. */
    private enum Cells {
        COUNTS("rm_rollup", "rm_rollup_delta", " and target = '' and "),
        SLA("rm_rollup", "rm_rollup_delta", " and target <> '' and "),
        DURATIONS("rm_duration", "rm_duration_delta", " and ");

        final String cells;
        final String deltas;
        final String condition;

        Cells(String cells, String deltas, String condition) {
            this.cells = cells;
            this.deltas = deltas;
            this.condition = condition;
        }
    }

    /**
     * Appends the cells' and unfolded deltas' part of counted measures ({@code values}, columns of both tables) for
     * the period's whole days: "union all select [bucket,] key, values from [cells] ... union all ... [deltas]".
     * The cells read are those of the one scope that keeps every dimension the report groups or filters by.
     */
    private void counted(ReportFilter.Sql sql, ReportFilter filter, RollupPeriod period, String interval,
            Dimension by, boolean withAgent, String values, String anyValue, Cells kept) {
        if (!period.usesCells()) {
            return;
        }
        String agent = withAgent ? "agent_id" : null;
        sql.append(" union all select ");
        if (interval != null) {
            sql.append("date_trunc(").bind(interval).append(", period::timestamp), ");
        }
        sql.append(by.column(CELL_DEPARTMENT, CELL_AGENT, CELL_CHANNEL)).append(", ").append(values)
                .append(" from ").append(kept.cells).append(" where scope = ")
                .append(Integer.toString(scope(filter, by, withAgent))).append(kept.condition);
        period.cells(sql);
        filter.restrict(sql, "department_id", agent, "channel_id");
        sql.append(" union all select ");
        if (interval != null) {
            sql.append("date_trunc(").bind(interval).append(", at at time zone ").bind(filter.zone().getId())
                    .append("), ");
        }
        sql.append(by.column("department_id", "agent_id", "channel_id")).append(", ").append(values)
                .append(" from ").append(kept.deltas).append(" where at >= ").bind(period.wholeFrom()).append(" and at < ")
                .bind(period.wholeTo()).append(" and (").append(anyValue).append(")");
        filter.restrict(sql, "department_id", agent, "channel_id");
    }

    /** The cell scope (bit 1 department, 2 agent, 4 channel) that keeps what the report groups and filters by. */
    private static int scope(ReportFilter filter, Dimension by, boolean withAgent) {
        int scope = 0;
        if (by == Dimension.DEPARTMENT || filter.department() != null || filter.visibleDepartments() != null) {
            scope |= 1;
        }
        if (withAgent && (by == Dimension.AGENT || filter.agent() != null)) {
            scope |= 2;
        }
        if (by == Dimension.CHANNEL || filter.channel() != null) {
            scope |= 4;
        }
        return scope;
    }

    /** Live counts for the Prometheus gauges. */
    public Uni<List<Map<String, Object>>> liveCounts() {
        return rows(new ReportFilter.Sql().append("""
                select c.status, c.tickets,
                       extract(epoch from (now() - (select min(opened_at) from rm_ticket t where t.status = c.status)))
                           as oldest_age_seconds
                from (select status, cast(sum(tickets) as bigint) as tickets
                      from (select status, tickets from rm_live_count
                            union all select status, tickets from rm_live_delta) counted
                      group by status having sum(tickets) <> 0) c"""));
    }

    private static String statistics(String column) {
        return "count(*) as count, avg(" + column + ") as average_seconds, percentile_cont(0.5) within group (order by "
                + column + ") as median_seconds, percentile_cont(0.9) within group (order by " + column
                + ") as p90_seconds";
    }

    private Uni<List<Map<String, Object>>> rows(ReportFilter.Sql sql) {
        return pool.preparedQuery(sql.text()).execute(Tuple.from(sql.parameters())).map(rowSet -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Row row : rowSet) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (int i = 0; i < row.size(); i++) {
                    values.put(row.getColumnName(i), plain(row.getValue(i)));
                }
                rows.add(values);
            }
            return rows;
        });
    }

    private Uni<Long> single(ReportFilter.Sql sql) {
        return pool.preparedQuery(sql.text()).execute(Tuple.from(sql.parameters()))
                .map(rowSet -> rowSet.iterator().next().getLong(0));
    }

    /** JSON- and CSV-friendly values: times as ISO text, decimals rounded to milliseconds' precision. */
    private static Object plain(Object value) {
        if (value instanceof OffsetDateTime time) {
            return time.toInstant().toString();
        }
        if (value instanceof Temporal time) {
            return time.toString();
        }
        if (value instanceof Numeric numeric) {
            value = numeric.bigDecimalValue();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.scale() <= 0 ? decimal.longValue() : decimal.setScale(3, RoundingMode.HALF_UP).doubleValue();
        }
        if (value instanceof Double number) {
            return BigDecimal.valueOf(number).setScale(3, RoundingMode.HALF_UP).doubleValue();
        }
        if (value instanceof UUID id) {
            return id.toString();
        }
        return value;
    }
}
