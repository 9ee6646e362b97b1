package io.atende.reporting.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.atende.platform.persistence.Columns;
import io.atende.platform.persistence.SqlBatch;
import io.atende.reporting.ReportedTimer;
import io.atende.reporting.TimerEffects;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The SLA-event path's statements: a batch's timers read (and locked, in id order) in one query, and its
 * {@link TimerEffects} written in two multi-row statements, whatever the batch's size.
 */
@ApplicationScoped
public class TimerStatements {

    private static final String COLUMNS = "timer_id, ticket_id, target, department_id, agent_id, channel_id,"
            + " business_hours, started_at, due_at, outcome, elapsed_seconds, closed_at";

    /** The timers the read model has of these ids, locked in id order against a replica folding the same ones. */
    public Uni<List<ReportedTimer>> lockedTimers(SqlConnection connection, List<UUID> timerIds) {
        return connection.preparedQuery("select " + COLUMNS + " from rm_sla where timer_id = any($1)"
                + " order by timer_id for update")
                .execute(Tuple.of(timerIds.toArray(UUID[]::new)))
                .map(rows -> {
                    List<ReportedTimer> timers = new ArrayList<>(rows.size());
                    rows.forEach(row -> timers.add(timer(row)));
                    return timers;
                });
    }

    public void write(SqlBatch batch, TimerEffects effects) {
        List<ReportedTimer> timers = List.copyOf(effects.timers());
        if (!timers.isEmpty()) {
            batch.add("insert into rm_sla (" + COLUMNS + ") select * from unnest($1::uuid[], $2::uuid[], $3::text[],"
                    + " $4::uuid[], $5::uuid[], $6::text[], $7::boolean[], $8::timestamptz[], $9::timestamptz[],"
                    + " $10::text[], $11::bigint[], $12::timestamptz[])"
                    + " on conflict (timer_id) do update set department_id = excluded.department_id,"
                    + " agent_id = excluded.agent_id, due_at = excluded.due_at, outcome = excluded.outcome,"
                    + " elapsed_seconds = excluded.elapsed_seconds, closed_at = excluded.closed_at",
                    Columns.of(timers).uuid(ReportedTimer::timerId).uuid(ReportedTimer::ticketId)
                            .text(ReportedTimer::target).uuid(ReportedTimer::departmentId)
                            .uuid(ReportedTimer::agentId).text(ReportedTimer::channelId)
                            .bool(ReportedTimer::businessHours).timestamp(ReportedTimer::startedAt)
                            .timestamp(ReportedTimer::dueAt).text(ReportedTimer::outcome)
                            .bigint(ReportedTimer::elapsedSeconds).timestamp(ReportedTimer::closedAt).tuple());
        }
        List<TimerEffects.Counts> counts = effects.counts();
        if (!counts.isEmpty()) {
            batch.add("insert into rm_rollup_delta (at, department_id, agent_id, channel_id, target, sla_started,"
                    + " sla_met, sla_breached) select * from unnest($1::timestamptz[], $2::uuid[], $3::uuid[],"
                    + " $4::text[], $5::text[], $6::int[], $7::int[], $8::int[])",
                    Columns.of(counts).timestamp(count -> count.cell().at())
                            .uuid(count -> count.cell().departmentId()).uuid(count -> count.cell().agentId())
                            .text(count -> count.cell().channelId()).text(count -> count.cell().target())
                            .integer(TimerEffects.Counts::started).integer(TimerEffects.Counts::met)
                            .integer(TimerEffects.Counts::breached).tuple());
        }
        List<TimerEffects.Duration> durations = effects.durations();
        if (!durations.isEmpty()) {
            batch.add("insert into rm_duration_delta (at, department_id, agent_id, channel_id, metric, variant, bucket,"
                    + " durations, seconds) select d.at, d.department_id, d.agent_id, d.channel_id, d.metric, 'B',"
                    + " rm_duration_bucket(d.seconds), d.n, d.n * d.seconds from unnest($1::timestamptz[], $2::uuid[],"
                    + " $3::uuid[], $4::text[], $5::text[], $6::bigint[], $7::int[]) as d (at, department_id, agent_id,"
                    + " channel_id, metric, seconds, n)",
                    Columns.of(durations).timestamp(duration -> duration.cell().at())
                            .uuid(duration -> duration.cell().departmentId())
                            .uuid(duration -> duration.cell().agentId())
                            .text(duration -> duration.cell().channelId()).text(duration -> duration.cell().target())
                            .bigint(TimerEffects.Duration::seconds).integer(TimerEffects.Duration::durations)
                            .tuple());
        }
    }

    private static ReportedTimer timer(Row row) {
        return new ReportedTimer(row.getUUID(0), row.getUUID(1), row.getString(2), row.getUUID(3), row.getUUID(4),
                row.getString(5), row.getBoolean(6), SqlBatch.instant(row, 7),
                SqlBatch.instant(row, 8), row.getString(9), row.getLong(10),
                SqlBatch.instant(row, 11));
    }
}
