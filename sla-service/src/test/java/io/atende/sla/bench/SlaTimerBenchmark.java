package io.atende.sla.bench;

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
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import io.atende.contracts.JsonCodec;
import io.atende.contracts.Topics;
import io.atende.contracts.sla.SlaBreached;
import io.atende.contracts.sla.SlaEvent;
import io.atende.contracts.sla.SlaWarningRaised;
import io.atende.localstack.DevTokens;
import io.atende.localstack.KafkaTestClient;
import io.atende.localstack.LocalPostgres;
import io.atende.localstack.LocalStack;

/**
 * Not a test: {@code sla-service/bench-timers.sh} runs it. Starts the packaged service on an embedded broker and
 * database, lets it migrate, inserts N running first-response timers (default 100,000) whose warnings and due times
 * fall over a window (default 60 s) starting a little later, and reads {@code sla.events.v1}: for every warning and
 * breach the lag between its logical time ({@code occurredAt}: warning or due time) and the broker's append time of
 * its record; the rate of events; the service's CPU time and RSS.
 */
public final class SlaTimerBenchmark {

    public static void main(String[] args) throws Exception {
        int timers = Integer.parseInt(arg(args, "--timers", "100000"));
        int windowSeconds = Integer.parseInt(arg(args, "--window", "60"));
        int leadSeconds = Integer.parseInt(arg(args, "--lead", "30"));
        // How many of the running timers come due in the window; the others are due hours later (still running).
        int firing = Integer.parseInt(arg(args, "--firing", String.valueOf(timers)));
        try (LocalStack stack = LocalStack.start(0, 0, null, 3);
                KafkaTestClient kafka = new KafkaTestClient(stack.kafka().bootstrapServers())) {
            Path work = Files.createDirectories(Path.of("target", "bench"));
            Path key = work.resolve("jwt.pem");
            Files.writeString(key, DevTokens.publicKeyPem());
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "--sun-misc-unsafe-memory-access=allow",
                    "-jar", "target/quarkus-app/quarkus-run.jar").redirectErrorStream(true)
                    .redirectOutput(work.resolve("sla-service.log").toFile());
            Map<String, String> env = builder.environment();
            env.put("ATENDE_HTTP_PORT", String.valueOf(port));
            env.put("ATENDE_KAFKA_BOOTSTRAP", stack.kafka().bootstrapServers());
            env.put("ATENDE_DB_REACTIVE_URL", stack.postgres().reactiveUrl("atende_sla"));
            env.put("ATENDE_DB_JDBC_URL", stack.postgres().jdbcUrl("atende_sla"));
            env.put("ATENDE_DB_USER", LocalPostgres.USER);
            env.put("ATENDE_DB_PASSWORD", LocalPostgres.PASSWORD);
            env.put("ATENDE_JWT_PUBLIC_KEY", key.toAbsolutePath().toString());
            env.put("ATENDE_LOG_JSON", "false");
            Process service = builder.start();
            try {
                awaitReady(port, service);
                long targetSeconds = windowSeconds * 5L;
                Instant firstWarn = Instant.now().plusSeconds(leadSeconds);
                insertTimers(stack.postgres().jdbcUrl("atende_sla"), firing, firstWarn, windowSeconds, targetSeconds, 0);
                if (timers > firing) {
                    insertTimers(stack.postgres().jdbcUrl("atende_sla"), timers - firing, firstWarn.plusSeconds(6 * 3600),
                            windowSeconds, targetSeconds, firing);
                }
                System.out.printf("%d running timers inserted; %d of them warn and breach between %s and %s%n", timers,
                        firing, firstWarn, firstWarn.plusSeconds(windowSeconds + targetSeconds / 5));
                long cpuBefore = cpuTicks(service.pid());
                long rssBefore = rssKib(service.pid());
                Instant measureFrom = Instant.now();
                List<Long> lags = new ArrayList<>(2 * firing);
                long firstAppend = Long.MAX_VALUE;
                long lastAppend = 0;
                long peakRss = rssBefore;
                java.util.Set<String> seen = new java.util.HashSet<>();
                long repeated = 0;
                long maxOverdueTimers = 0;
                long maxOutbox = 0;
                Instant nextSample = Instant.now();
                try (KafkaConsumer<String, String> consumer = kafka.newConsumer();
                        Connection db = DriverManager.getConnection(stack.postgres().jdbcUrl("atende_sla"),
                                LocalPostgres.USER, LocalPostgres.PASSWORD)) {
                    consumer.subscribe(List.of(Topics.SLA_EVENTS));
                    Instant deadline = firstWarn.plusSeconds(windowSeconds + targetSeconds / 5 + 120);
                    while (lags.size() < 2 * firing && Instant.now().isBefore(deadline)) {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                            SlaEvent event = JsonCodec.read(record.value(), SlaEvent.class);
                            if (event instanceof SlaBreached || event instanceof SlaWarningRaised) {
                                if (!seen.add(event.timer().timerId() + "/" + event.getClass().getSimpleName())) {
                                    repeated++;
                                    continue;
                                }
                                lags.add(record.timestamp() - event.occurredAt().toEpochMilli());
                                firstAppend = Math.min(firstAppend, record.timestamp());
                                lastAppend = Math.max(lastAppend, record.timestamp());
                            }
                        }
                        peakRss = Math.max(peakRss, rssKib(service.pid()));
                        if (Instant.now().isAfter(nextSample)) {
                            // Where a backlog waits: timers past their time not yet fired, or events not yet relayed.
                            nextSample = Instant.now().plusSeconds(2);
                            maxOverdueTimers = Math.max(maxOverdueTimers, count(db, "select count(*) from sla_timer "
                                    + "where state = 'RUNNING' and ((not breached and due_at <= now() - interval '1 second') "
                                    + "or (not warned and warn_at <= now() - interval '1 second'))"));
                            maxOutbox = Math.max(maxOutbox, count(db, "select count(*) from outbox_event"));
                        }
                    }
                }
                System.out.printf("largest backlog sampled: %d timers more than 1 s past their time, %d events in the "
                        + "outbox%n", maxOverdueTimers, maxOutbox);
                long cpu = cpuTicks(service.pid()) - cpuBefore;
                double wall = Duration.between(measureFrom, Instant.now()).toMillis() / 1000.0;
                Collections.sort(lags);
                System.out.printf("events (warnings + breaches): %d of %d, %d repeated (same timer and type)%n",
                        lags.size(), 2 * firing, repeated);
                if (!lags.isEmpty()) {
                    System.out.printf("lag due time -> record on sla.events.v1: p50 %d ms, p99 %d ms, max %d ms%n",
                            lags.get(lags.size() / 2), lags.get((int) Math.min(lags.size() - 1, lags.size() * 0.99)),
                            lags.get(lags.size() - 1));
                    double span = Math.max(1, lastAppend - firstAppend) / 1000.0;
                    System.out.printf("events/s while firing: %.0f (offered: %.0f warnings/s for %d s, then as many "
                            + "breaches/s)%n", lags.size() / span, (double) firing / windowSeconds, windowSeconds);
                }
                System.out.printf("service CPU: %.1f s over %.1f s wall (%.0f %% of one core); RSS %d MiB before, "
                        + "peak %d MiB%n", cpu / 100.0, wall, 100.0 * cpu / 100.0 / wall, rssBefore / 1024,
                        peakRss / 1024);
            } finally {
                service.destroy();
                if (!service.waitFor(20, TimeUnit.SECONDS)) {
                    service.destroyForcibly();
                }
            }
        }
    }

    /**
     * Timers whose warning times spread evenly over the window; each due a fifth of its target after its warning
     * (80 % warning threshold).
     */
    private static void insertTimers(String jdbcUrl, int count, Instant firstWarn, int windowSeconds,
            long targetSeconds, int firstNumber) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, LocalPostgres.USER, LocalPostgres.PASSWORD);
                PreparedStatement insert = connection.prepareStatement("""
                        insert into sla_timer (id, ticket_id, ticket_number, cycle, round, target, department_id,
                            priority, channel_id, target_seconds, warn_percent, business_hours, started_at, warn_at,
                            due_at, state, segment_started_at)
                        select gen_random_uuid(), gen_random_uuid(), 5000000 + ? + i, 1, 1, 'FIRST_RESPONSE',
                            '00000000-0000-4000-8000-00000000d001', 'NORMAL', 'whatsapp-bench', ?, 80, false,
                            ?::timestamptz + (i * ? * interval '1 microsecond') - ? * interval '1 second' * 0.8,
                            ?::timestamptz + (i * ? * interval '1 microsecond'),
                            ?::timestamptz + (i * ? * interval '1 microsecond') + ? * interval '1 second' * 0.2,
                            'RUNNING',
                            ?::timestamptz + (i * ? * interval '1 microsecond') - ? * interval '1 second' * 0.8
                        from generate_series(0, ? - 1) as i
                        """)) {
            Timestamp start = Timestamp.from(firstWarn);
            long stepMicros = windowSeconds * 1_000_000L / count;
            int p = 1;
            insert.setInt(p++, firstNumber);
            insert.setLong(p++, targetSeconds);
            for (int k = 0; k < 4; k++) {
                insert.setTimestamp(p++, start);
                insert.setLong(p++, stepMicros);
                if (k != 1) {
                    insert.setLong(p++, targetSeconds);
                }
            }
            insert.setInt(p, count);
            insert.executeUpdate();
        }
    }

    private static long count(Connection db, String sql) throws java.sql.SQLException {
        try (var statement = db.createStatement(); var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long cpuTicks(long pid) throws IOException {
        String[] fields = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"))
                .replaceFirst("^.*\\) ", "").split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime, in clock ticks (1/100 s)
    }

    private static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            // gone
        }
        return -1;
    }

    private static void awaitReady(int port, Process service) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(180);
        while (Instant.now().isBefore(deadline)) {
            if (!service.isAlive()) {
                throw new IllegalStateException("sla-service exited; see target/bench/sla-service.log");
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("sla-service not ready; see target/bench/sla-service.log");
    }

    private static String arg(String[] args, String name, String fallback) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            map.put(args[i], args[i + 1]);
        }
        return map.getOrDefault(name, fallback);
    }
}
