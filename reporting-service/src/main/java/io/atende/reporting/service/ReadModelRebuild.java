package io.atende.reporting.service;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.atende.reporting.messaging.EventConsumers;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Rebuilds the read models from the topics: empties them (and the de-dup log) in one transaction, then moves this
 * replica's consumers back to the start of their partitions. Records already in flight are counted once either way:
 * before the truncation they are wiped and replayed; after it they are recorded and the replay skips them. With
 * several replicas, run it on each (or scale to one first): a replica rewinds only the partitions it holds.
 */
@ApplicationScoped
public class ReadModelRebuild {

    private static final Logger LOG = Logger.getLogger(ReadModelRebuild.class);
    private static final List<String> CHANNELS = List.of(EventConsumers.TICKET_EVENTS, EventConsumers.SLA_EVENTS,
            EventConsumers.CHANNEL_STATUS);

    private final ReadModelUpdater readModels;
    private final KafkaClientService kafka;

    public ReadModelRebuild(ReadModelUpdater readModels, KafkaClientService kafka) {
        this.readModels = readModels;
        this.kafka = kafka;
    }

    /** @return the partitions being replayed */
    public Uni<List<String>> run() {
        return readModels.reset().flatMap(done -> Multi.createFrom().iterable(CHANNELS)
                .onItem().transformToUniAndConcatenate(channel -> {
                    var consumer = kafka.<String, String>getConsumer(channel);
                    return consumer.getAssignments().flatMap(assigned -> consumer.seekToBeginning(assigned)
                            .map(sought -> assigned.stream().map(Object::toString).toList()));
                })
                .collect().asList()
                .map(lists -> {
                    List<String> all = new ArrayList<>();
                    lists.forEach(all::addAll);
                    LOG.infof("read models emptied; replaying %s", all);
                    return all;
                }));
    }
}
