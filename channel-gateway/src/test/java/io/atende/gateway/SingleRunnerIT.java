package io.atende.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.atende.contracts.ChannelRef;
import io.atende.contracts.JsonCodec;
import io.atende.contracts.Topics;
import io.atende.contracts.channel.DeliveryStatus;
import io.atende.contracts.channel.InboundMessageReceived;
import io.atende.contracts.channel.MessageDeliveryUpdated;
import io.atende.contracts.channel.MessageKind;
import io.atende.contracts.channel.OutboundMessageRequested;
import io.atende.localstack.DevTokens;
import io.atende.localstack.KafkaTestClient;
import io.atende.localstack.LocalPostgres;
import io.atende.localstack.LocalStack;

/**
 * Two packaged gateways ({@code target/quarkus-app/quarkus-run.jar}) on one database and broker: only one runs the
 * WhatsApp engine (and so the channel's session) at a time; the other stands by, and when the first dies (killed, as
 * a crash would) it takes over and resumes the channel with the stored credentials, without a new QR. Send commands
 * consumed by the standby are queued and sent by the runner; channels created through the standby are started by it.
 */
class SingleRunnerIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String TOKEN = DevTokens.mint("admin", List.of("admin"));

    @Test
    void aSecondInstanceStandsByAndTakesTheChannelOverWhenTheFirstDies() throws Exception {
        try (LocalStack stack = LocalStack.start(0, 0, null, 3);
                KafkaTestClient kafka = new KafkaTestClient(stack.kafka().bootstrapServers())) {
            Path publicKey = Path.of("target", "single-runner-it-jwt.pem");
            Files.createDirectories(publicKey.getParent());
            Files.writeString(publicKey, DevTokens.publicKeyPem());
            String jdbc = stack.postgres().jdbcUrl("atende_gateway");
            Map<String, String> env = Map.of(
                    "ATENDE_ENGINE", "simulator",
                    "ATENDE_JWT_PUBLIC_KEY", publicKey.toAbsolutePath().toString(),
                    "ATENDE_KAFKA_BOOTSTRAP", stack.kafka().bootstrapServers(),
                    "ATENDE_DB_REACTIVE_URL", stack.postgres().reactiveUrl("atende_gateway"),
                    "ATENDE_DB_JDBC_URL", jdbc,
                    "ATENDE_DB_USER", LocalPostgres.USER,
                    "ATENDE_DB_PASSWORD", LocalPostgres.PASSWORD,
                    "ATENDE_LOG_JSON", "false");

            Gateway first = Gateway.start("a", env);
            Gateway second = null;
            try {
                first.awaitReadiness(200, Duration.ofSeconds(120));
                second = Gateway.start("b", env);
                second.awaitReadiness(503, Duration.ofSeconds(120));
                assertThat(second.readiness()).contains("standing by");

                first.post("/channels", "{\"id\": \"shop\", \"name\": \"Loja\"}");
                first.awaitChannel("shop", view -> view.path("state").asText().equals("WAITING_FOR_QR"));
                first.post("/simulator/channels/shop/scan", "{\"phoneNumber\": \"+551130009000\"}");
                JsonNode linked = first.awaitChannel("shop", view -> view.path("state").asText().equals("CONNECTED"));
                long epoch = linked.path("connectionEpoch").asLong();
                // The standby sees the channel (same database) and runs no session of its own: no second connection.
                Thread.sleep(3000);
                assertThat(second.channel("shop").path("connectionEpoch").asLong()).isEqualTo(epoch);
                assertThat(second.readiness()).contains("standing by");
                assertThat(fencingToken(jdbc)).isEqualTo(1);

                // A channel created through the standby is started by the instance that runs the engine.
                second.post("/channels", "{\"id\": \"shop-2\", \"name\": \"Loja 2\"}");
                first.awaitChannel("shop-2", view -> view.path("state").asText().equals("WAITING_FOR_QR"));
                // Send commands land on both instances' partitions; the standby queues its share, the runner sends all.
                List<OutboundMessageRequested> commands = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    commands.add(new OutboundMessageRequested(UUID.randomUUID(), Instant.now(),
                            ChannelRef.whatsapp("shop"), "55119876500" + (10 + i) + "@s.whatsapp.net", UUID.randomUUID(),
                            UUID.randomUUID(), "AGENT", MessageKind.TEXT, "resposta " + i, null, null));
                }
                commands.forEach(command -> kafka.send(Topics.CHANNEL_OUTBOUND, command));
                List<MessageDeliveryUpdated> receipts = kafka.read(Topics.CHANNEL_DELIVERY,
                        record -> record.key().startsWith("shop:"), commands.size(), Duration.ofSeconds(60)).stream()
                        .map(record -> JsonCodec.read(record.value(), MessageDeliveryUpdated.class)).toList();
                assertThat(receipts).extracting(MessageDeliveryUpdated::status).containsOnly(DeliveryStatus.SENT);
                assertThat(receipts).extracting(MessageDeliveryUpdated::commandId)
                        .containsExactlyInAnyOrderElementsOf(commands.stream().map(OutboundMessageRequested::eventId).toList());

                first.kill();

                second.awaitReadiness(200, Duration.ofSeconds(60));
                JsonNode resumed = second.awaitChannel("shop", view -> view.path("state").asText().equals("CONNECTED")
                        && view.path("connectionEpoch").asLong() > epoch);
                assertThat(resumed.path("linkedAt").asText()).isEqualTo(linked.path("linkedAt").asText());
                assertThat(fencingToken(jdbc)).isEqualTo(2);
                String messageId = second.post("/simulator/channels/shop/messages",
                        "{\"from\": \"+5511987650000\", \"text\": \"oi depois da troca\"}").path("messageId").asText();
                List<InboundMessageReceived> inbound = kafka.read(Topics.CHANNEL_INBOUND,
                        record -> record.key().startsWith("shop:"), 1, Duration.ofSeconds(30)).stream()
                        .map(record -> JsonCodec.read(record.value(), InboundMessageReceived.class)).toList();
                assertThat(inbound).extracting(InboundMessageReceived::externalMessageId).containsExactly(messageId);
            } finally {
                first.kill();
                if (second != null) {
                    second.kill();
                }
            }
        }
    }

    private static long fencingToken(String jdbc) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbc, LocalPostgres.USER, LocalPostgres.PASSWORD);
                ResultSet result = connection.createStatement()
                        .executeQuery("select fencing_token from engine_lease where name = 'whatsapp-engine'")) {
            assertThat(result.next()).isTrue();
            return result.getLong(1);
        }
    }

    /** One packaged gateway process. */
    private record Gateway(String name, int port, Process process) {

        static Gateway start(String name, Map<String, String> env) throws IOException {
            Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
            assertThat(jar).as("package the gateway first").exists();
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path log = Path.of("target", "single-runner-it-" + name + ".log");
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC",
                    "--sun-misc-unsafe-memory-access=allow", "-jar", jar.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(new HashMap<>(env));
            builder.environment().put("ATENDE_HTTP_PORT", String.valueOf(port));
            return new Gateway(name, port, builder.start());
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        JsonNode post(String path, String body) throws Exception {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(15)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s %s on %s: %s", path, body, name, response.body()).isBetween(200, 201);
            return JsonCodec.mapper().readTree(response.body());
        }

        JsonNode channel(String id) throws Exception {
            HttpResponse<String> response = get("/channels/" + id);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JsonCodec.mapper().readTree(response.body());
        }

        JsonNode awaitChannel(String id, Predicate<JsonNode> condition) throws Exception {
            Instant deadline = Instant.now().plusSeconds(60);
            JsonNode view = null;
            while (Instant.now().isBefore(deadline)) {
                view = channel(id);
                if (condition.test(view)) {
                    return view;
                }
                Thread.sleep(250);
            }
            throw new AssertionError("channel " + id + " on " + name + " never got there; last: " + view);
        }

        String readiness() throws Exception {
            return get("/q/health/ready").body();
        }

        void awaitReadiness(int status, Duration timeout) throws Exception {
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                assertThat(process.isAlive()).as("%s exited; see target/single-runner-it-%s.log", name, name).isTrue();
                try {
                    if (get("/q/health/ready").statusCode() == status) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            throw new AssertionError(name + " never answered readiness " + status + "; see target/single-runner-it-"
                    + name + ".log");
        }

        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }
}
