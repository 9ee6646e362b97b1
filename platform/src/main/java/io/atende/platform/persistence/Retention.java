package io.atende.platform.persistence;

import java.time.Duration;
import java.time.Instant;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Forgets the rows of an append-only log older than a horizon, a chunk per transaction (each short, so neither
 * the writers nor vacuum wait on one long delete). The column must be indexed.
 */
public final class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);
    private static final int CHUNK = 10_000;

    private Retention() {
    }

    /** A scheduled sweep: prunes what is older than {@code retention}, logs what it did, never fails. */
    public static Uni<Void> sweep(Pool pool, String table, String timestampColumn, Duration retention) {
        return prune(pool, table, timestampColumn, Instant.now().minus(retention), CHUNK).invoke(deleted -> {
            if (deleted > 0) {
                LOG.infof("%s: %d rows older than %s forgotten", table, deleted, retention);
            }
        }).replaceWithVoid()
                .onFailure().invoke(failure -> LOG.warnf("pruning %s failed (%s); the next sweep retries", table,
                        failure.toString()))
                .onFailure().recoverWithNull();
    }

    /** Deletes the rows older than {@code before}; returns how many. */
    public static Uni<Long> prune(Pool pool, String table, String timestampColumn, Instant before) {
        return prune(pool, table, timestampColumn, before, CHUNK);
    }

    static Uni<Long> prune(Pool pool, String table, String timestampColumn, Instant before, int chunk) {
        String sql = "delete from " + table + " where ctid = any(array(select ctid from " + table + " where "
                + timestampColumn + " < $1 limit $2))";
        return pruneFrom(pool, sql, before, chunk, 0L);
    }

    private static Uni<Long> pruneFrom(Pool pool, String sql, Instant before, int chunk, long deleted) {
        return pool.withTransaction(connection -> connection.preparedQuery(sql)
                .execute(Tuple.of(SqlBatch.utc(before), chunk)))
                .flatMap(rows -> rows.rowCount() < chunk ? Uni.createFrom().item(deleted + rows.rowCount())
                        : pruneFrom(pool, sql, before, chunk, deleted + rows.rowCount()));
    }
}
