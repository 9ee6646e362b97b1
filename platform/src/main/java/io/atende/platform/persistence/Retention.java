package io.atende.platform.persistence;

import java.time.Duration;
import java.time.Instant;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Forgets the rows of an append-only log older than a horizon, a chunk per transaction (each short, so neither
 * the writers nor vacuum wait on one long delete). The timestamp column must be indexed.
 */
public final class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);
    private static final int CHUNK = 10_000;

    private final Pool pool;
    private final String table;
    private final Duration horizon;
    private final String delete;

    public Retention(Pool pool, String table, String timestampColumn, Duration horizon) {
        this.pool = pool;
        this.table = table;
        this.horizon = horizon;
        this.delete = "delete from " + table + " where ctid = any(array(select ctid from " + table + " where "
                + timestampColumn + " < $1 limit $2))";
    }

    /** A scheduled sweep: prunes what is older than the horizon, logs what it did, never fails. */
    public Uni<Void> sweep() {
        return prune(Instant.now()).invoke(deleted -> {
            if (deleted > 0) {
                LOG.infof("%s: %d rows older than %s forgotten", table, deleted, horizon);
            }
        }).replaceWithVoid()
                .onFailure().invoke(failure -> LOG.warnf("pruning %s failed (%s); the next sweep retries", table,
                        failure.toString()))
                .onFailure().recoverWithNull();
    }

    /** Deletes the rows older than {@code now} minus the horizon; returns how many. */
    public Uni<Long> prune(Instant now) {
        return pruneFrom(now.minus(horizon), 0L);
    }

    private Uni<Long> pruneFrom(Instant before, long deleted) {
        return pool.withTransaction(connection -> connection.preparedQuery(delete)
                .execute(Tuple.of(SqlBatch.utc(before), CHUNK)))
                .flatMap(rows -> rows.rowCount() < CHUNK ? Uni.createFrom().item(deleted + rows.rowCount())
                        : pruneFrom(before, deleted + rows.rowCount()));
    }
}
