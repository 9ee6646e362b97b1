package io.atende.reporting.repository;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import jakarta.enterprise.context.ApplicationScoped;

/** The report queries: plain SQL over the read models, one statement per table a report reads. */
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

    private final Pool pool;

    public ReportQueries(Pool pool) {
        this.pool = pool;
    }

    /** Live: tickets by department and status, with the oldest still waiting in each queue. */
    public Uni<List<Map<String, Object>>> ticketsByStatus(ReportFilter filter) {
        ReportFilter.Sql sql = new ReportFilter.Sql().append("""
                select coalesce(cast(department_id as text), '') as department_id, max(department_name) as department_name,
                       status, count(*) as tickets,
                       min(opened_at) filter (where status = 'QUEUED') as oldest_waiting_since
                from rm_ticket where true""");
        filter.restrict(sql, "department_id", "assignee_id", "channel_id");
        sql.append(" group by department_id, status order by 1, 3");
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

    /** Tickets created (by opening time) and resolved (by resolution time) per bucket and key. */
    public Uni<List<Map<String, Object>>> volume(ReportFilter filter, String interval, Dimension by) {
        ReportFilter.Sql sql = new ReportFilter.Sql().append("with created as (select date_trunc(").bind(interval)
                .append(", opened_at at time zone ").bind(filter.zone().getId()).append(") as bucket, ")
                .append(by.column("department_id", "assignee_id", "channel_id"))
                .append(" as key, count(*) as n from rm_ticket where opened_at >= ").bind(filter.from())
                .append(" and opened_at < ").bind(filter.to());
        filter.restrict(sql, "department_id", "assignee_id", "channel_id");
        sql.append(" group by 1, 2), resolved as (select date_trunc(").bind(interval)
                .append(", resolved_at at time zone ").bind(filter.zone().getId()).append(") as bucket, ")
                .append(by.column("department_id", "agent_id", "channel_id"))
                .append(" as key, count(*) as n from rm_resolution where resolved_at >= ").bind(filter.from())
                .append(" and resolved_at < ").bind(filter.to());
        filter.restrict(sql, "department_id", "agent_id", "channel_id");
        sql.append("""
                 group by 1, 2)
                select coalesce(c.bucket, r.bucket) as bucket_start, coalesce(c.key, r.key) as key,
                       coalesce(c.n, 0) as created, coalesce(r.n, 0) as resolved
                from created c full join resolved r on c.bucket = r.bucket and c.key = r.key
                order by 1, 2""");
        return rows(sql);
    }

    /** Count, average, median and p90 of first response, next response and resolution, in calendar time. */
    public Uni<List<Map<String, Object>>> calendarTimes(ReportFilter filter, Dimension by) {
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
    public Uni<List<Map<String, Object>>> businessTimes(ReportFilter filter, Dimension by) {
        ReportFilter.Sql sql = new ReportFilter.Sql().append("select ")
                .append(by.column("department_id", "agent_id", "channel_id")).append(" as key, target as metric, ")
                .append(statistics("elapsed_seconds"))
                .append(" from rm_sla where business_hours and elapsed_seconds is not null and closed_at >= ")
                .bind(filter.from()).append(" and closed_at < ").bind(filter.to());
        filter.restrict(sql, "department_id", "agent_id", "channel_id");
        sql.append(" group by 1, 2 order by 1, 2");
        return rows(sql);
    }

    /** SLA outcomes per key and target: closed in the period (met, breached), and still open at its end. */
    public Uni<List<Map<String, Object>>> slaOutcomes(ReportFilter filter, Dimension by) {
        ReportFilter.Sql sql = new ReportFilter.Sql().append("select ")
                .append(by.column("department_id", "agent_id", "channel_id")).append(" as key, target, ")
                .append("count(*) filter (where outcome = 'MET' and closed_at >= ").bind(filter.from())
                .append(" and closed_at < ").bind(filter.to()).append(") as met, ")
                .append("count(*) filter (where outcome = 'BREACHED' and closed_at >= ").bind(filter.from())
                .append(" and closed_at < ").bind(filter.to()).append(") as breached, ")
                .append("count(*) filter (where (outcome = 'OPEN' or closed_at >= ").bind(filter.to())
                .append(") and started_at < ").bind(filter.to()).append(") as open from rm_sla where outcome <> 'CANCELLED'");
        filter.restrict(sql, "department_id", "agent_id", "channel_id");
        sql.append(" group by 1, 2 order by 1, 2");
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

    /** Per channel: messages in and out. */
    public Uni<List<Map<String, Object>>> messages(ReportFilter filter) {
        ReportFilter.Sql sql = new ReportFilter.Sql().append("""
                select channel_id as key, count(*) filter (where direction = 'IN') as messages_in,
                       count(*) filter (where direction = 'OUT') as messages_out
                from rm_message where occurred_at >= """).bind(filter.from()).append(" and occurred_at < ")
                .bind(filter.to());
        filter.restrict(sql, "department_id", null, "channel_id");
        sql.append(" group by 1 order by 1");
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
        ReportFilter.Sql sql = new ReportFilter.Sql().append("select count(*) from rm_ticket where opened_at >= ")
                .bind(filter.from()).append(" and opened_at < ").bind(filter.to());
        filter.restrict(sql, "department_id", "assignee_id", "channel_id");
        return single(sql);
    }

    public Uni<Long> slaBreaches(ReportFilter filter) {
        ReportFilter.Sql sql = new ReportFilter.Sql()
                .append("select count(*) from rm_sla where outcome = 'BREACHED' and closed_at >= ").bind(filter.from())
                .append(" and closed_at < ").bind(filter.to());
        filter.restrict(sql, "department_id", "agent_id", "channel_id");
        return single(sql);
    }

    /** Live counts for the Prometheus gauges. */
    public Uni<List<Map<String, Object>>> liveCounts() {
        return rows(new ReportFilter.Sql().append("""
                select status, count(*) as tickets, extract(epoch from (now() - min(opened_at))) as oldest_age_seconds
                from rm_ticket group by status"""));
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
