package io.atende.reporting.service;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the topics still hold: every partition of a topic and the first offset it retains. A partition whose first
 * retained offset is above 0 has lost records to its retention, so a replay from it cannot give back all history.
 * Talks to the broker with an admin client of the consumers' own {@code kafka.*} settings (servers, security).
 */
@ApplicationScoped
public class TopicHistory {

    private final Map<String, Object> adminConfig = new HashMap<>();

    public TopicHistory(Config config) {
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("kafka.")) {
                config.getOptionalValue(name, String.class).ifPresent(value -> adminConfig.put(name.substring(6), value));
            }
        }
    }

    /** The first retained offset of every partition of the topics, in topic and partition order. */
    public Uni<Map<TopicPartition, Long>> firstRetained(List<String> topics) {
        return Uni.createFrom().item(() -> read(topics)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Map<TopicPartition, Long> read(List<String> topics) {
        try (Admin admin = Admin.create(adminConfig)) {
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get();
            Map<TopicPartition, OffsetSpec> earliest = described.values().stream()
                    .flatMap(topic -> topic.partitions().stream()
                            .map(partition -> new TopicPartition(topic.name(), partition.partition())))
                    .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.earliest()));
            Map<TopicPartition, ListOffsetsResultInfo> offsets = admin.listOffsets(earliest).all().get();
            Map<TopicPartition, Long> first = new TreeMap<>((a, b) -> a.topic().equals(b.topic())
                    ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic()));
            offsets.forEach((partition, info) -> first.put(partition, info.offset()));
            return first;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the topics' offsets", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the topics' offsets: " + e.getCause(), e.getCause());
        }
    }
}
