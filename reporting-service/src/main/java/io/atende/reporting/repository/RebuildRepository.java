package io.atende.reporting.repository;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.TopicPartition;

import io.atende.platform.persistence.Columns;
import io.atende.platform.persistence.SqlBatch;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** The partitions a rebuild must replay, and which of them a replica has rewound ({@code rm_rebuild_partition}). */
@ApplicationScoped
public class RebuildRepository {

    /** A partition of the latest rebuild that no replica has rewound yet. */
    public record Pending(long generation, TopicPartition partition) {
    }

    private final Pool pool;

    public RebuildRepository(Pool pool) {
        this.pool = pool;
    }

    /** Records the partitions under a new generation, in the caller's batch (the same transaction as the truncate). */
    public void startGeneration(SqlBatch batch, List<TopicPartition> partitions) {
        batch.add("insert into rm_rebuild_partition (generation, topic, partition)"
                + " select (select coalesce(max(generation), 0) + 1 from rm_rebuild_partition), topic, partition"
                + " from unnest($1::text[], $2::int[]) as p(topic, partition)",
                Columns.of(partitions).text(TopicPartition::topic).integer(TopicPartition::partition).tuple());
    }

    /** The latest generation's partitions that are not rewound yet (none when no rebuild is under way). */
    public Uni<List<Pending>> pending() {
        return pool.query("select generation, topic, partition from rm_rebuild_partition where rewound_at is null"
                + " and generation = (select max(generation) from rm_rebuild_partition)").execute()
                .map(rows -> {
                    List<Pending> pending = new ArrayList<>();
                    rows.forEach(row -> pending.add(new Pending(row.getLong(0),
                            new TopicPartition(row.getString(1), row.getInteger(2)))));
                    return pending;
                });
    }

    public Uni<Void> rewound(long generation, List<TopicPartition> partitions) {
        return pool.preparedQuery("update rm_rebuild_partition r set rewound_at = now()"
                + " from unnest($2::text[], $3::int[]) as p(topic, partition)"
                + " where r.generation = $1 and r.topic = p.topic and r.partition = p.partition")
                .execute(Tuple.of(generation, partitions.stream().map(TopicPartition::topic).toArray(String[]::new),
                        partitions.stream().map(TopicPartition::partition).toArray(Integer[]::new)))
                .replaceWithVoid();
    }
}
