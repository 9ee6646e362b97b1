package io.atende.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

import io.atende.contracts.Topics;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real single-node Kafka (KRaft, broker and controller in one) running in this JVM. With a data directory its
 * logs survive restarts; without one they live in a temporary directory deleted on close.
 */
public final class LocalKafka implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;

    private LocalKafka(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    /**
     * @param port    the client port, 0 for any free port
     * @param dataDir where the logs live, or null for a temporary directory
     */
    public static LocalKafka start(int port, Path dataDir) {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                .withNodeId(1)
                .withKafkaPort(port)
                // A fixed client port gets a fixed controller port beside it: a restarted broker finds the quorum
                // endpoint its storage was formatted with.
                .withControllerPort(port == 0 ? 0 : port + 1)
                .withDeleteLogDirsOnClose(dataDir == null)
                .withAdditionalProperties(props -> {
                    // Consumers join at once instead of waiting 3 s for more members: tests and run.sh start faster.
                    props.put("group.initial.rebalance.delay.ms", "0");
                    props.put("auto.create.topics.enable", "false");
                    props.put("num.partitions", "3");
                    props.put("offsets.topic.num.partitions", "3");
                    if (dataDir != null) {
                        props.put("log.dirs", dataDir.resolve("logs").toString());
                    }
                });
        if (dataDir != null) {
            broker.withClusterId(clusterIdOf(dataDir));
        }
        return new LocalKafka(broker.start());
    }

    /** A restarted broker must keep the cluster id its logs were formatted with. */
    private static String clusterIdOf(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Path file = dataDir.resolve("cluster-id");
            if (!Files.exists(file)) {
                Files.writeString(file, Uuid.randomUuid().toString());
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return broker.getAdvertisedListeners().replaceAll("^[A-Z_]+://", "");
    }

    /** Creates every topic of the contract and its dead-letter topic; existing ones are kept. */
    public void createContractTopics(int partitions) {
        List<String> names = new ArrayList<>();
        for (String topic : Topics.ALL) {
            names.add(topic);
            names.add(Topics.deadLetter(topic));
        }
        createTopics(names, partitions);
    }

    public void createTopics(List<String> names, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            for (String name : names) {
                try {
                    admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name, e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        broker.close();
    }
}
