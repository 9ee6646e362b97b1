package io.atende.reporting.repository;

import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;

import io.atende.platform.persistence.SqlBatch;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Moves the deltas the ingest appended into the rollup cells and live counters (V3__rollups.sql), and rebuilds
 * both from the read models. One replica folds at a time (an advisory lock), so the cells are never contended.
 */
@ApplicationScoped
public class RollupRepository {

    /** The value of an absent dimension in a cell (the keys must be unique; PostgreSQL 14 has no NULLS NOT DISTINCT). */
    public static final UUID NONE = new UUID(0, 0);
    /** Any fixed number shared by the replicas (the outbox relay's lock is 7_001_001). */
    private static final long FOLD_LOCK = 7_001_002L;

    private static final String FOLD_ROLLUP = """
            with moved as (delete from rm_rollup_delta returning *),
            local as (
                select (at at time zone $1)::date as day, department_id, agent_id, channel_id,
                       coalesce(target, '') as target, created, resolved, messages_in, messages_out, sla_started,
                       sla_met, sla_breached
                from moved),
            cells as (
                select g.grain, case g.grain when 'D' then d.day else date_trunc('month', d.day)::date end as period,
                       s.scope::smallint as scope,
                       case when s.scope & 1 <> 0 then coalesce(d.department_id, $2) else $2 end as department_id,
                       case when s.scope & 2 <> 0 then coalesce(d.agent_id, $2) else $2 end as agent_id,
                       case when s.scope & 4 <> 0 then coalesce(d.channel_id, '') else '' end as channel_id,
                       d.target, sum(d.created) as created, sum(d.resolved) as resolved,
                       sum(d.messages_in) as messages_in, sum(d.messages_out) as messages_out,
                       sum(d.sla_started) as sla_started, sum(d.sla_met) as sla_met, sum(d.sla_breached) as sla_breached
                from local d cross join (values ('D'), ('M')) g(grain) cross join generate_series(0, 7) s(scope)
                group by 1, 2, 3, 4, 5, 6, 7)
            insert into rm_rollup (grain, period, scope, department_id, agent_id, channel_id, target, created,
                                   resolved, messages_in, messages_out, sla_started, sla_met, sla_breached)
            select grain, period, scope, department_id, agent_id, channel_id, target, created, resolved,
                   messages_in, messages_out, sla_started, sla_met, sla_breached
            from cells
            on conflict (grain, scope, period, department_id, agent_id, channel_id, target) do update set
                created = rm_rollup.created + excluded.created, resolved = rm_rollup.resolved + excluded.resolved,
                messages_in = rm_rollup.messages_in + excluded.messages_in,
                messages_out = rm_rollup.messages_out + excluded.messages_out,
                sla_started = rm_rollup.sla_started + excluded.sla_started,
                sla_met = rm_rollup.sla_met + excluded.sla_met,
                sla_breached = rm_rollup.sla_breached + excluded.sla_breached
            """;

    private static final String FOLD_DURATIONS = """
            with moved as (delete from rm_duration_delta returning *),
            cells as (
                select g.grain,
                       case g.grain when 'D' then (d.at at time zone $1)::date
                                    else date_trunc('month', (d.at at time zone $1)::date)::date end as period,
                       s.scope::smallint as scope,
                       case when s.scope & 1 <> 0 then coalesce(d.department_id, $2) else $2 end as department_id,
                       case when s.scope & 2 <> 0 then coalesce(d.agent_id, $2) else $2 end as agent_id,
                       case when s.scope & 4 <> 0 then coalesce(d.channel_id, '') else '' end as channel_id,
                       d.metric, d.variant, d.bucket, sum(d.durations) as durations, sum(d.seconds) as seconds
                from moved d cross join (values ('D'), ('M')) g(grain) cross join generate_series(0, 7) s(scope)
                group by 1, 2, 3, 4, 5, 6, 7, 8, 9)
            insert into rm_duration (grain, period, scope, department_id, agent_id, channel_id, metric, variant, bucket,
                                     durations, seconds)
            select grain, period, scope, department_id, agent_id, channel_id, metric, variant, bucket, durations, seconds
            from cells
            on conflict (grain, scope, period, department_id, agent_id, channel_id, metric, variant, bucket) do update set
                durations = rm_duration.durations + excluded.durations, seconds = rm_duration.seconds + excluded.seconds
            """;

    private static final String FOLD_LIVE = """
            with moved as (delete from rm_live_delta returning *),
            sums as (
                select coalesce(department_id, $1) as department_id, max(department_name) as department_name,
                       coalesce(assignee_id, $1) as assignee_id, channel_id, status, sum(tickets) as tickets
                from moved group by 1, 3, 4, 5)
            insert into rm_live_count (department_id, department_name, assignee_id, channel_id, status, tickets)
            select department_id, department_name, assignee_id, channel_id, status, tickets from sums
            on conflict (department_id, assignee_id, channel_id, status) do update set
                tickets = rm_live_count.tickets + excluded.tickets,
                department_name = coalesce(excluded.department_name, rm_live_count.department_name)
            """;

    private final Pool pool;

    public RollupRepository(Pool pool) {
        this.pool = pool;
    }

    /** Folds the deltas committed so far; false if another replica is folding. */
    public Uni<Boolean> fold(ZoneId zone) {
        return pool.withTransaction(connection -> locked(connection).flatMap(locked -> !locked
                ? Uni.createFrom().item(false)
                : connection.preparedQuery(FOLD_ROLLUP).execute(Tuple.of(zone.getId(), NONE))
                        .flatMap(rollup -> connection.preparedQuery(FOLD_DURATIONS).execute(Tuple.of(zone.getId(), NONE)))
                        .flatMap(durations -> connection.preparedQuery(FOLD_LIVE).execute(Tuple.of(NONE)))
                        .replaceWith(true)));
    }

    /** The zone the cells' days were cut in, if any were. */
    public Uni<Optional<ZoneId>> zone() {
        return pool.query("select zone from rm_rollup_zone").execute()
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(ZoneId.of(rows.iterator().next().getString(0))));
    }

    /**
     * Recomputes the cells and the live counters from the read models, cut in {@code zone}: after a change of the
     * configured zone, or after rows were loaded into the read models directly (the reporting benchmark).
     */
    public Uni<Void> rebuild(ZoneId zone) {
        SqlBatch batch = new SqlBatch();
        batch.add("select pg_advisory_xact_lock($1)", FOLD_LOCK);
        batch.add("truncate rm_rollup, rm_rollup_delta, rm_duration, rm_duration_delta, rm_live_count, rm_live_delta,"
                + " rm_rollup_zone");
        // One delta per local day and cell, not per row: the fold then expands a year in seconds.
        batch.add("""
                insert into rm_rollup_delta (at, department_id, agent_id, channel_id, created)
                select min(opened_at), department_id, assignee_id, channel_id, count(*) from rm_ticket
                group by (opened_at at time zone $1)::date, department_id, assignee_id, channel_id
                """, zone.getId());
        batch.add("""
                insert into rm_rollup_delta (at, department_id, agent_id, channel_id, resolved)
                select min(resolved_at), department_id, agent_id, channel_id, count(*) from rm_resolution
                group by (resolved_at at time zone $1)::date, department_id, agent_id, channel_id
                """, zone.getId());
        batch.add("""
                insert into rm_rollup_delta (at, department_id, channel_id, messages_in, messages_out)
                select min(occurred_at), department_id, channel_id, count(*) filter (where direction = 'IN'),
                       count(*) filter (where direction <> 'IN')
                from rm_message group by (occurred_at at time zone $1)::date, department_id, channel_id
                """, zone.getId());
        batch.add("""
                insert into rm_rollup_delta (at, department_id, agent_id, channel_id, target, sla_started)
                select min(started_at), department_id, agent_id, channel_id, target, count(*) from rm_sla
                where outcome <> 'CANCELLED'
                group by (started_at at time zone $1)::date, department_id, agent_id, channel_id, target
                """, zone.getId());
        batch.add("""
                insert into rm_rollup_delta (at, department_id, agent_id, channel_id, target, sla_met, sla_breached)
                select min(closed_at), department_id, agent_id, channel_id, target,
                       count(*) filter (where outcome = 'MET'), count(*) filter (where outcome = 'BREACHED')
                from rm_sla where outcome in ('MET', 'BREACHED')
                group by (closed_at at time zone $1)::date, department_id, agent_id, channel_id, target
                """, zone.getId());
        batch.add("""
                insert into rm_live_delta (department_id, department_name, assignee_id, channel_id, status, tickets)
                select department_id, max(department_name), assignee_id, channel_id, status, count(*) from rm_ticket
                group by department_id, assignee_id, channel_id, status
                """);
        batch.add("""
                insert into rm_duration_delta (at, department_id, agent_id, channel_id, metric, variant, bucket,
                                               durations, seconds)
                select min(responded_at), department_id, agent_id, channel_id,
                       case kind when 'FIRST' then 'FIRST_RESPONSE' else 'NEXT_RESPONSE' end, 'C',
                       rm_duration_bucket(seconds), count(*), sum(seconds::numeric) from rm_response
                group by (responded_at at time zone $1)::date, department_id, agent_id, channel_id, kind,
                         rm_duration_bucket(seconds)
                """, zone.getId());
        batch.add("""
                insert into rm_duration_delta (at, department_id, agent_id, channel_id, metric, variant, bucket,
                                               durations, seconds)
                select min(resolved_at), department_id, agent_id, channel_id, 'RESOLUTION', 'C',
                       rm_duration_bucket(seconds), count(*), sum(seconds::numeric) from rm_resolution
                group by (resolved_at at time zone $1)::date, department_id, agent_id, channel_id,
                         rm_duration_bucket(seconds)
                """, zone.getId());
        batch.add("""
                insert into rm_duration_delta (at, department_id, agent_id, channel_id, metric, variant, bucket,
                                               durations, seconds)
                select min(closed_at), department_id, agent_id, channel_id, target, 'B',
                       rm_duration_bucket(elapsed_seconds), count(*), sum(elapsed_seconds) from rm_sla
                where business_hours and elapsed_seconds is not null and closed_at is not null
                group by (closed_at at time zone $1)::date, department_id, agent_id, channel_id, target,
                         rm_duration_bucket(elapsed_seconds)
                """, zone.getId());
        batch.add(FOLD_ROLLUP, zone.getId(), NONE);
        batch.add(FOLD_DURATIONS, zone.getId(), NONE);
        batch.add(FOLD_LIVE, NONE);
        batch.add("insert into rm_rollup_zone (zone) values ($1)", zone.getId());
        return pool.withTransaction(batch::execute);
    }

    private static Uni<Boolean> locked(SqlConnection connection) {
        return connection.preparedQuery("select pg_try_advisory_xact_lock($1)").execute(Tuple.of(FOLD_LOCK))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }
}
