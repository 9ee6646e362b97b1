package io.atende.ticketing.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.atende.localstack.DevTokens;
import io.atende.localstack.LocalPostgres;
import io.atende.localstack.LocalStack;

/** The packaged ticketing-service ({@code target/quarkus-app}) as its own process on a given stack. */
final class PackagedService {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LocalStack stack;
    private final Path workDir;
    private final int port;
    private final Map<String, String> extraEnv;
    private Process process;

    PackagedService(LocalStack stack, Path workDir, Map<String, String> extraEnv) {
        this.stack = stack;
        this.workDir = workDir;
        this.extraEnv = extraEnv;
        try {
            Files.createDirectories(workDir);
            Files.writeString(workDir.resolve("dev-public.pem"), DevTokens.publicKeyPem());
            try (ServerSocket socket = new ServerSocket(0)) {
                this.port = socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Starts the process (logging to {@code workDir/logName}) and waits until it is ready. */
    void start(String logName) {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        assertThat(jar).as("package the service first (mvn package)").exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC",
                "--sun-misc-unsafe-memory-access=allow", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(workDir.resolve(logName).toFile());
        Map<String, String> env = builder.environment();
        env.put("ATENDE_HTTP_PORT", String.valueOf(port));
        env.put("ATENDE_KAFKA_BOOTSTRAP", stack.kafka().bootstrapServers());
        env.put("ATENDE_DB_REACTIVE_URL", stack.postgres().reactiveUrl("atende_ticketing"));
        env.put("ATENDE_DB_JDBC_URL", stack.postgres().jdbcUrl("atende_ticketing"));
        env.put("ATENDE_DB_USER", LocalPostgres.USER);
        env.put("ATENDE_DB_PASSWORD", LocalPostgres.PASSWORD);
        env.put("ATENDE_JWT_PUBLIC_KEY", workDir.resolve("dev-public.pem").toString());
        env.put("ATENDE_LOG_JSON", "false");
        env.putAll(extraEnv);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process started = process;
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertThat(started.isAlive()).as("the service process is running (see " + workDir + ")").isTrue();
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** SIGKILL: no shutdown hook runs, no offset is committed, the outbox relay stops wherever it is. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
