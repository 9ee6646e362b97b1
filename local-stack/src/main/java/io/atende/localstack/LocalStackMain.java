package io.atende.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the local stack for ./run.sh until killed. Settings (environment): ATENDE_DATA_DIR (default .local-stack),
 * ATENDE_KAFKA_PORT (29092), ATENDE_POSTGRES_PORT (25432), ATENDE_PARTITIONS (3). Writes {@code ready} into the data
 * directory once both servers accept connections.
 */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path dataDir = Path.of(env("ATENDE_DATA_DIR", ".local-stack")).toAbsolutePath();
        Files.createDirectories(dataDir);
        Path ready = dataDir.resolve("ready");
        Files.deleteIfExists(ready);

        LocalStack stack = LocalStack.start(Integer.parseInt(env("ATENDE_KAFKA_PORT", "29092")),
                Integer.parseInt(env("ATENDE_POSTGRES_PORT", "25432")), dataDir,
                Integer.parseInt(env("ATENDE_PARTITIONS", "3")));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "local-stack-stop"));

        System.out.println("kafka.bootstrap.servers=" + stack.kafka().bootstrapServers());
        System.out.println("postgresql=" + stack.postgres().jdbcUrl("<service database>"));
        Files.writeString(ready, stack.kafka().bootstrapServers() + "\n");
        stopped.await();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
