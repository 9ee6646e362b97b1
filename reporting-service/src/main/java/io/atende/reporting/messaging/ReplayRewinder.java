package io.atende.reporting.messaging;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.atende.reporting.repository.RebuildRepository;
import io.atende.reporting.repository.RebuildRepository.Pending;
import io.atende.reporting.service.ReadModelRebuild;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * This replica's part of a rebuild ({@link ReadModelRebuild}): every second, the partitions of the latest rebuild
 * that no replica has rewound yet and that this replica's consumers hold are moved back to offset 0 (the position
 * and the group's committed offset, so a partition that moves to another replica right after starts there too)
 * and marked rewound. Partitions held elsewhere are left to their holder, or to whoever gets them next.
 */
@ApplicationScoped
public class ReplayRewinder {

    private static final Logger LOG = Logger.getLogger(ReplayRewinder.class);

    private final RebuildRepository rebuilds;
    private final KafkaClientService kafka;

    public ReplayRewinder(RebuildRepository rebuilds, KafkaClientService kafka) {
        this.rebuilds = rebuilds;
        this.kafka = kafka;
    }

    @Scheduled(every = "${atende.reporting.rebuild-poll:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> rewindMine() {
        return rebuilds.pending().flatMap(pending -> pending.isEmpty() ? Uni.createFrom().voidItem()
                : Multi.createFrom().iterable(ReadModelRebuild.REPLAYED_CHANNELS)
                        .onItem().transformToIterable(channel -> kafka.<String, String>getConsumers(channel))
                        .onItem().transformToUniAndConcatenate(consumer -> rewind(consumer, pending))
                        .collect().last().replaceWithVoid())
                .onFailure().invoke(failure -> LOG.warnf("rewinding for a rebuild failed (%s); the next poll retries",
                        failure.toString()))
                .onFailure().recoverWithNull();
    }

    /** One consumer (a channel has one per {@code concurrency}): the pending partitions it holds. */
    private Uni<Void> rewind(KafkaConsumer<String, String> consumer, List<Pending> pending) {
        return consumer.getAssignments().flatMap(assigned -> {
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            long generation = 0;
            for (Pending one : pending) {
                if (assigned.contains(one.partition())) {
                    start.put(one.partition(), new OffsetAndMetadata(0));
                    generation = one.generation();
                }
            }
            if (start.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            long rebuild = generation;
            Set<TopicPartition> mine = start.keySet();
            return consumer.seekToBeginning(mine)
                    .chain(() -> consumer.commit(start))
                    .chain(() -> rebuilds.rewound(rebuild, List.copyOf(mine)))
                    .invoke(() -> LOG.infof("rebuild %d: replaying %s from the start", rebuild, mine));
        });
    }
}
