package io.atende.localstack;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} a real Kafka broker and a real PostgreSQL database. The stack starts once per test
 * JVM and is shared by every test class of the module (each Quarkus restart reuses it); it stops with the JVM.
 * Declare the database with {@code initArgs = @ResourceArg(name = "database", value = "atende_ticketing")}.
 */
public class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {

    private static LocalStack stack;
    private static KafkaTestClient kafka;

    private String database = "atende_test";

    public static synchronized LocalStack stack() {
        if (stack == null) {
            stack = LocalStack.start(0, 0, null, 3);
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-stop"));
        }
        return stack;
    }

    /** One Kafka client for the whole test JVM, on the shared broker. */
    public static synchronized KafkaTestClient kafka() {
        if (kafka == null) {
            kafka = new KafkaTestClient(stack().kafka().bootstrapServers());
        }
        return kafka;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        LocalStack shared = stack();
        shared.postgres().createDatabase(database);
        return shared.serviceConfig(database);
    }

    @Override
    public void stop() {
        // Shared across the module's test classes; stopped by the JVM shutdown hook.
    }
}
