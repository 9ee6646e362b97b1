package io.atende.localstack;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One Kafka broker and one PostgreSQL server, with the contract's topics and one database per service. */
public final class LocalStack implements AutoCloseable {

    public static final List<String> SERVICE_DATABASES =
            List.of("atende_gateway", "atende_ticketing", "atende_sla", "atende_reporting");

    private final LocalKafka kafka;
    private final LocalPostgres postgres;

    private LocalStack(LocalKafka kafka, LocalPostgres postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    /**
     * @param dataDir where both keep their data across restarts, or null for throw-away temporary storage
     */
    public static LocalStack start(int kafkaPort, int postgresPort, Path dataDir, int partitions) {
        LocalPostgres postgres = LocalPostgres.start(postgresPort, dataDir == null ? null : dataDir.resolve("postgres"));
        LocalKafka kafka;
        try {
            kafka = LocalKafka.start(kafkaPort, dataDir == null ? null : dataDir.resolve("kafka"));
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
        SERVICE_DATABASES.forEach(postgres::createDatabase);
        kafka.createContractTopics(partitions);
        return new LocalStack(kafka, postgres);
    }

    public LocalKafka kafka() {
        return kafka;
    }

    public LocalPostgres postgres() {
        return postgres;
    }

    /** The configuration a Quarkus service needs to use this stack with the given database. */
    public Map<String, String> serviceConfig(String database) {
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(database));
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        config.put("quarkus.datasource.username", LocalPostgres.USER);
        config.put("quarkus.datasource.password", LocalPostgres.PASSWORD);
        return config;
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
    }
}
