package io.atende.platform.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Statements collected for one transaction and sent together: the reactive client pipelines them on the connection
 * (no round trip waits for the one before) and PostgreSQL runs them in the order they were added, so a statement
 * sees what the ones before it wrote. If one fails the transaction fails with it.
 */
public final class SqlBatch {

    private record Statement(String sql, Tuple arguments) {
    }

    private final List<Statement> statements = new ArrayList<>();

    public SqlBatch add(String sql, Object... arguments) {
        Tuple tuple = Tuple.tuple();
        for (Object argument : arguments) {
            tuple.addValue(argument instanceof Instant at ? utc(at) : argument);
        }
        statements.add(new Statement(sql, tuple));
        return this;
    }

    /** A statement whose parameters are already a tuple, e.g. the column arrays of {@link Columns}. */
    public SqlBatch add(String sql, Tuple arguments) {
        statements.add(new Statement(sql, arguments));
        return this;
    }

    public int size() {
        return statements.size();
    }

    /** Runs the statements on {@code connection}, inside its transaction. */
    public Uni<Void> execute(SqlConnection connection) {
        if (statements.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sent = new ArrayList<>(statements.size());
        for (Statement statement : statements) {
            sent.add(connection.preparedQuery(statement.sql()).execute(statement.arguments()).replaceWithVoid());
        }
        return Uni.join().all(sent).andFailFast().replaceWithVoid();
    }

    /** Timestamps travel as {@code timestamptz}; the client takes no {@link Instant}. */
    public static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    /** A {@code timestamptz} column read back as an {@link Instant} (null stays null); the inverse of {@link #utc}. */
    public static Instant instant(Row row, int column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
