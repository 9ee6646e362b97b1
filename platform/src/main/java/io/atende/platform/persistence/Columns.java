package io.atende.platform.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Rows as column arrays, the parameters of a multi-row statement over
 * {@code unnest($1::uuid[], $2::text[], ...)}: one array per column, in the order the columns are added.
 */
public final class Columns<T> {

    private final List<T> rows;
    private final List<Object> arrays = new ArrayList<>();

    private Columns(List<T> rows) {
        this.rows = rows;
    }

    public static <T> Columns<T> of(List<T> rows) {
        return new Columns<>(rows);
    }

    public Columns<T> uuid(Function<T, UUID> column) {
        arrays.add(rows.stream().map(column).toArray(UUID[]::new));
        return this;
    }

    public Columns<T> text(Function<T, String> column) {
        arrays.add(rows.stream().map(column).toArray(String[]::new));
        return this;
    }

    public Columns<T> bigint(Function<T, Long> column) {
        arrays.add(rows.stream().map(column).toArray(Long[]::new));
        return this;
    }

    public Columns<T> integer(Function<T, Integer> column) {
        arrays.add(rows.stream().map(column).toArray(Integer[]::new));
        return this;
    }

    public Columns<T> bool(Function<T, Boolean> column) {
        arrays.add(rows.stream().map(column).toArray(Boolean[]::new));
        return this;
    }

    /** A {@code text[]} column of enum names (null stays null). */
    public Columns<T> name(Function<T, ? extends Enum<?>> column) {
        arrays.add(rows.stream().map(column).map(value -> value == null ? null : value.name()).toArray(String[]::new));
        return this;
    }

    /** A {@code timestamptz[]} column. */
    public Columns<T> timestamp(Function<T, Instant> column) {
        arrays.add(rows.stream().map(column).map(SqlBatch::utc).toArray(OffsetDateTime[]::new));
        return this;
    }

    public Tuple tuple() {
        return Tuple.tuple(arrays);
    }
}
