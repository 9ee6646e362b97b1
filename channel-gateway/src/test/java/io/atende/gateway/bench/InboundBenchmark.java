package io.atende.gateway.bench;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.atende.contracts.Topics;
import io.atende.localstack.DevTokens;
import io.atende.localstack.KafkaTestClient;
import io.atende.localstack.LocalPostgres;
import io.atende.localstack.LocalStack;

/**
 * Not a test: inbound messages/s through the packaged gateway (simulator engine process to channel.inbound.v1 on
 * Kafka, through PostgreSQL de-dup and the outbox) with 10 linked channels, and the gateway's RSS (JVM and engine).
 *
 * <pre>
 * mvn -o -q -f channel-gateway/pom.xml package -DskipTests
 * mvn -o -q -f channel-gateway/pom.xml dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
 * (cd channel-gateway && java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
 *     io.atende.gateway.bench.InboundBenchmark [messages per channel, default 1000])
 * </pre>
 */
public final class InboundBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int CHANNELS = 10;

    public static void main(String[] args) throws Exception {
        int perChannel = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        String token = DevTokens.mint("admin", List.of("admin"));
        try (LocalStack stack = LocalStack.start(0, 0, null, 3);
                KafkaTestClient kafka = new KafkaTestClient(stack.kafka().bootstrapServers())) {
            Path key = Path.of("target", "bench-jwt.pem");
            Files.writeString(key, DevTokens.publicKeyPem());
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC",
                    "--sun-misc-unsafe-memory-access=allow", "-jar", "target/quarkus-app/quarkus-run.jar")
                    .redirectErrorStream(true).redirectOutput(Path.of("target", "bench-gateway.log").toFile());
            builder.environment().putAll(Map.of("ATENDE_ENGINE", "simulator",
                    "ATENDE_JWT_PUBLIC_KEY", key.toAbsolutePath().toString(),
                    "ATENDE_KAFKA_BOOTSTRAP", stack.kafka().bootstrapServers(),
                    "ATENDE_DB_REACTIVE_URL", stack.postgres().reactiveUrl("atende_gateway"),
                    "ATENDE_DB_JDBC_URL", stack.postgres().jdbcUrl("atende_gateway"),
                    "ATENDE_DB_USER", LocalPostgres.USER, "ATENDE_DB_PASSWORD", LocalPostgres.PASSWORD,
                    "ATENDE_LOG_JSON", "false", "ATENDE_HTTP_PORT", String.valueOf(port)));
            Process gateway = builder.start();
            String base = "http://localhost:" + port;
            try {
                awaitReady(base);
                long idleRss = rss(gateway.pid());
                for (int c = 0; c < CHANNELS; c++) {
                    post(base + "/channels", token, "{\"id\":\"bench-" + c + "\",\"name\":\"Bench " + c + "\"}");
                }
                Thread.sleep(2000);
                for (int c = 0; c < CHANNELS; c++) {
                    post(base + "/simulator/channels/bench-" + c + "/scan", token,
                            "{\"phoneNumber\":\"+5511300010" + (10 + c) + "\"}");
                }
                Thread.sleep(2000);
                long linkedRss = rss(gateway.pid());
                int total = perChannel * CHANNELS;
                ExecutorService senders = Executors.newFixedThreadPool(CHANNELS);
                Instant start = Instant.now();
                List<Future<?>> sends = new ArrayList<>();
                for (int c = 0; c < CHANNELS; c++) {
                    int channel = c;
                    // The simulator emits the channel's messages itself: what is timed is the engine-to-Kafka path,
                    // not an HTTP call per message.
                    sends.add(senders.submit(() -> {
                        post(base + "/simulator/channels/bench-" + channel + "/burst", token,
                                "{\"count\":" + perChannel + ",\"contacts\":500,\"firstNumber\":\"+55119"
                                        + String.format("%08d", channel * 100_000) + "\"}");
                        return null;
                    }));
                }
                for (Future<?> send : sends) {
                    send.get();
                }
                Instant accepted = Instant.now();
                int published = kafka.read(Topics.CHANNEL_INBOUND, record -> record.key().startsWith("bench-"), total,
                        Duration.ofMinutes(5)).size();
                Instant done = Instant.now();
                long busyRss = rss(gateway.pid());
                senders.shutdown();
                double seconds = Duration.between(start, done).toMillis() / 1000.0;
                System.out.printf("channels: %d, messages: %d, published to channel.inbound.v1: %d%n", CHANNELS, total,
                        published);
                System.out.printf("engine accepted all in %.1f s; all on Kafka after %.1f s: %.0f inbound messages/s%n",
                        Duration.between(start, accepted).toMillis() / 1000.0, seconds, published / seconds);
                System.out.printf("RSS (gateway JVM + engine process), KiB: idle %d, 10 channels linked %d, after the load %d%n",
                        idleRss, linkedRss, busyRss);
            } finally {
                gateway.destroy();
                if (!gateway.waitFor(20, TimeUnit.SECONDS)) {
                    gateway.destroyForcibly();
                }
            }
        }
        System.exit(0);
    }

    /** The JVM's RSS plus its child processes' (the engine), from /proc. */
    private static long rss(long pid) {
        long total = rssOf(pid);
        for (ProcessHandle child : ProcessHandle.of(pid).map(handle -> handle.descendants().toList()).orElse(List.of())) {
            total += rssOf(child.pid());
        }
        return total;
    }

    private static long rssOf(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (Exception e) {
            // gone
        }
        return 0;
    }

    private static void awaitReady(String base) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("gateway not ready; see target/bench-gateway.log");
    }

    private static void post(String url, String token, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(url + ": " + response.statusCode() + " " + response.body());
        }
    }
}
