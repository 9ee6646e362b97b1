package io.atende.sla;

import static io.atende.contracts.testing.TicketEvents.newTicket;
import static io.atende.contracts.testing.TicketEvents.opened;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.atende.contracts.JsonCodec;
import io.atende.contracts.Topics;
import io.atende.contracts.sla.SlaBreached;
import io.atende.contracts.sla.SlaEvent;
import io.atende.contracts.sla.SlaTarget;
import io.atende.contracts.sla.SlaWarningRaised;
import io.atende.contracts.ticket.TicketSnapshot;
import io.atende.localstack.DevTokens;
import io.atende.localstack.KafkaTestClient;
import io.atende.localstack.LocalPostgres;
import io.atende.localstack.LocalStack;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) run twice against the same database and broker,
 * killed (as a crash would) between the moment its timers start and their due time: the second run fires what came
 * due while nothing ran, and nothing the first run already fired is fired again.
 */
class SlaRestartIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int TARGET_SECONDS = 8;

    @Test
    void aCrashBeforeTheDueTimeNeitherLosesNorRepeatsABreach() throws Exception {
        try (LocalStack stack = LocalStack.start(0, 0, null, 3);
                KafkaTestClient kafka = new KafkaTestClient(stack.kafka().bootstrapServers())) {
            Path publicKey = Path.of("target", "sla-restart-it-jwt.pem");
            Files.createDirectories(publicKey.getParent());
            Files.writeString(publicKey, DevTokens.publicKeyPem());
            Map<String, String> env = Map.of(
                    "ATENDE_JWT_PUBLIC_KEY", publicKey.toAbsolutePath().toString(),
                    "ATENDE_KAFKA_BOOTSTRAP", stack.kafka().bootstrapServers(),
                    "ATENDE_DB_REACTIVE_URL", stack.postgres().reactiveUrl("atende_sla"),
                    "ATENDE_DB_JDBC_URL", stack.postgres().jdbcUrl("atende_sla"),
                    "ATENDE_DB_USER", LocalPostgres.USER,
                    "ATENDE_DB_PASSWORD", LocalPostgres.PASSWORD,
                    "ATENDE_LOG_JSON", "false",
                    "ATENDE_SLA_FIRST_RESPONSE", TARGET_SECONDS + "s");

            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            // Overdue at once: breached by the first run, before the crash.
            List<TicketSnapshot> early = tickets(5, now.minusSeconds(30));
            // Due 20 s from now: the first run is killed long before, the second run starts after.
            List<TicketSnapshot> late = tickets(5, now.plusSeconds(20 - TARGET_SECONDS));
            Set<String> keys = new java.util.HashSet<>();
            early.forEach(ticket -> keys.add(ticket.id().toString()));
            late.forEach(ticket -> keys.add(ticket.id().toString()));

            Process first = start(env, 1);
            try {
                awaitReady(first, 1);
                early.forEach(ticket -> kafka.send(Topics.TICKET_EVENTS, opened(ticket)));
                late.forEach(ticket -> kafka.send(Topics.TICKET_EVENTS, opened(ticket)));
                assertThat(firstResponse(kafka, keys, SlaBreached.class, early.size(), Duration.ofSeconds(60)))
                        .hasSize(early.size());
                Set<String> lateKeys = late.stream().map(ticket -> ticket.id().toString()).collect(Collectors.toSet());
                kafka.read(Topics.SLA_EVENTS, record -> lateKeys.contains(record.key())
                        && record.value().contains("SlaTimerStarted") && record.value().contains("FIRST_RESPONSE"),
                        late.size(), Duration.ofSeconds(60));
            } finally {
                first.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
            Instant killedAt = Instant.now();
            Instant lateDue = late.get(0).openedAt().plusSeconds(TARGET_SECONDS);
            assertThat(killedAt).as("the crash came before the late timers' warning").isBefore(lateDue.minusSeconds(2));

            // Nothing runs through the due time.
            while (Instant.now().isBefore(lateDue.plusSeconds(1))) {
                Thread.sleep(200);
            }
            Process second = start(env, 2);
            try {
                awaitReady(second, 2);
                List<SlaEvent> breaches = firstResponse(kafka, keys, SlaBreached.class, early.size() + late.size(),
                        Duration.ofSeconds(60));
                assertThat(breaches).hasSizeGreaterThanOrEqualTo(early.size() + late.size());
                // Let anything that would be repeated arrive.
                Thread.sleep(3000);
                List<SlaEvent> all = kafka.readFor(Topics.SLA_EVENTS, record -> keys.contains(record.key()),
                        Duration.ofSeconds(2)).stream().map(record -> JsonCodec.read(record.value(), SlaEvent.class))
                        .filter(event -> event.timer().target() == SlaTarget.FIRST_RESPONSE).toList();
                for (TicketSnapshot ticket : concat(early, late)) {
                    // The relay is at least once (a resend keeps the event id); in effect: one breach, one warning.
                    Set<UUID> breachIds = ids(all, ticket, SlaBreached.class);
                    Set<UUID> warningIds = ids(all, ticket, SlaWarningRaised.class);
                    assertThat(breachIds).as("breaches of ticket %s", ticket.number()).hasSize(1);
                    assertThat(warningIds).as("warnings of ticket %s", ticket.number()).hasSize(1);
                }
                assertThat(all).filteredOn(SlaBreached.class::isInstance)
                        .allSatisfy(breach -> assertThat(breach.occurredAt()).isEqualTo(breach.timer().dueAt()));
                assertThat(all).filteredOn(SlaBreached.class::isInstance)
                        .filteredOn(breach -> late.stream().anyMatch(t -> t.id().equals(breach.timer().ticketId())))
                        .allSatisfy(breach -> assertThat(breach.occurredAt()).isEqualTo(lateDue));
            } finally {
                second.destroy();
                if (!second.waitFor(20, TimeUnit.SECONDS)) {
                    second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static List<TicketSnapshot> tickets(int count, Instant openedAt) {
        List<TicketSnapshot> tickets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tickets.add(newTicket(openedAt));
        }
        return tickets;
    }

    private static List<TicketSnapshot> concat(List<TicketSnapshot> a, List<TicketSnapshot> b) {
        List<TicketSnapshot> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Set<UUID> ids(List<SlaEvent> events, TicketSnapshot ticket, Class<? extends SlaEvent> type) {
        return events.stream().filter(type::isInstance).filter(event -> event.timer().ticketId().equals(ticket.id()))
                .map(SlaEvent::eventId).collect(Collectors.toSet());
    }

    private static List<SlaEvent> firstResponse(KafkaTestClient kafka, Set<String> keys, Class<? extends SlaEvent> type,
            int expected, Duration timeout) {
        return kafka.read(Topics.SLA_EVENTS, record -> keys.contains(record.key())
                && record.value().contains(type.getSimpleName()) && record.value().contains("FIRST_RESPONSE"),
                expected, timeout).stream().map(record -> JsonCodec.read(record.value(), SlaEvent.class))
                .filter(type::isInstance).toList();
    }

    private static int port;

    private static Process start(Map<String, String> env, int run) throws IOException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("package the service first").exists();
        if (port == 0) {
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Path.of("target", "sla-restart-it-run" + run + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC",
                "--sun-misc-unsafe-memory-access=allow", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("ATENDE_HTTP_PORT", String.valueOf(port));
        return builder.start();
    }

    private static void awaitReady(Process process, int run) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive()).as("run %d exited; see target/sla-restart-it-run%d.log", run, run).isTrue();
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("run " + run + " not ready in 120 s; see target/sla-restart-it-run" + run + ".log");
    }
}
