package io.atende.reporting.service;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.atende.platform.persistence.SqlBatch;
import io.atende.platform.rest.ProblemException;
import io.atende.reporting.repository.ReadModelRepository;
import io.atende.reporting.repository.RebuildRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Rebuilds the read models from the topics, with any number of replicas: first checks that the topics still hold
 * their whole history (a partition that lost records to retention makes it a 409, and nothing is touched), then in
 * one transaction empties the read models (and the de-dup log) and records every partition of the replayed topics
 * under a new generation. Each replica rewinds the recorded partitions it holds and marks them
 * ({@code messaging/ReplayRewinder}); a partition that moves to another replica before it was rewound is rewound by
 * that one. Records in flight are counted once either way: before the truncation they are wiped and replayed; after
 * it they are recorded, and the replay skips them.
 */
@ApplicationScoped
public class ReadModelRebuild {

    /** The channels a rebuild replays (their topics from {@code mp.messaging.incoming.<channel>.topic}). */
    public static final List<String> REPLAYED_CHANNELS = List.of("ticket-events", "sla-events", "channel-status");
    private static final Logger LOG = Logger.getLogger(ReadModelRebuild.class);

    private final ReadModelRepository readModels;
    private final RebuildRepository rebuilds;
    private final TopicHistory history;
    private final Pool pool;
    private final List<String> topics;

    public ReadModelRebuild(ReadModelRepository readModels, RebuildRepository rebuilds, TopicHistory history, Pool pool,
            Config config) {
        this.readModels = readModels;
        this.rebuilds = rebuilds;
        this.history = history;
        this.pool = pool;
        this.topics = REPLAYED_CHANNELS.stream()
                .map(channel -> config.getValue("mp.messaging.incoming." + channel + ".topic", String.class)).toList();
    }

    /** @return the partitions to replay, as {@code topic-partition} */
    public Uni<List<String>> run() {
        return history.firstRetained(topics).flatMap(first -> {
            List<String> lost = new ArrayList<>();
            first.forEach((partition, offset) -> {
                if (offset > 0) {
                    lost.add(partition + " keeps records from offset " + offset);
                }
            });
            if (!lost.isEmpty()) {
                throw ProblemException.conflict("a rebuild would lose history, so the read models were left as they"
                        + " are: " + String.join(", ", lost) + " (the records before were deleted by the topic's"
                        + " retention)");
            }
            List<TopicPartition> partitions = List.copyOf(first.keySet());
            SqlBatch batch = new SqlBatch();
            readModels.truncateAll(batch);
            rebuilds.startGeneration(batch, partitions);
            return pool.withTransaction(batch::execute).map(done -> {
                List<String> names = partitions.stream().map(TopicPartition::toString).toList();
                LOG.infof("read models emptied; replaying %s", names);
                return names;
            });
        });
    }
}
