package io.atende.systemtests;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import io.atende.contracts.Event;
import io.atende.contracts.JsonCodec;
import io.atende.contracts.Topics;
import io.atende.contracts.testing.SlaEvents;
import io.atende.contracts.testing.TicketEvents;
import io.atende.contracts.ticket.AgentReplied;
import io.atende.contracts.ticket.CustomerMessageReceived;
import io.atende.contracts.ticket.TicketResolved;
import io.atende.contracts.ticket.TicketSnapshot;
import io.atende.contracts.channel.MessageKind;
import io.atende.localstack.DevTokens;
import io.atende.localstack.LocalPostgres;
import io.atende.localstack.LocalStack;

/**
 * reporting-service alone on the local stack: how fast it folds events into its read models, and how long each
 * report over a year takes with a million tickets in them (or each of several sizes, to show whether the figures
 * stay flat as tickets grow), asked by one client and by several at once.
 *
 * <pre>./bench.sh reporting [--events-tickets 5000] [--tickets 1000000 | 100000,1000000,5000000] [--requests 30]
 *                   [--clients 8]</pre>
 */
public final class ReportingBenchmark {

    private static final String GROUP = "reporting-service";
    private static final List<String> REPORTS = List.of("/reports/overview", "/reports/summary", "/reports/volume",
            "/reports/volume?by=department&interval=day", "/reports/response-times",
            "/reports/response-times?by=agent", "/reports/sla?by=department", "/reports/agents", "/reports/channels");

    private ReportingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int eventTickets = Integer.parseInt(options.getOrDefault("events-tickets", "5000"));
        // One size, or several (--tickets 100000,1000000,5000000): each loads the tickets the last one lacked.
        List<Integer> sizes = java.util.Arrays.stream(options.getOrDefault("tickets", "1000000").split(","))
                .map(String::trim).map(Integer::parseInt).sorted().toList();
        int requests = Integer.parseInt(options.getOrDefault("requests", "30"));
        int clients = Integer.parseInt(options.getOrDefault("clients", "8"));
        Path root = Path.of(System.getProperty("atende.root", ".")).toAbsolutePath().normalize();
        Path work = root.resolve("system-tests/target/bench-reporting");

        try (LocalStack stack = LocalStack.start(0, 0, null, 3)) {
            Map<String, String> env = AtendeSystem.serviceEnv(stack, AtendeSystem.REPORTING,
                    AtendeSystem.writeDevPublicKey(work));
            try (ServiceProcess reporting = ServiceProcess.start(AtendeSystem.REPORTING, root.resolve(AtendeSystem.REPORTING),
                    AtendeSystem.freePort(), env, work)) {
                reporting.awaitReady(Duration.ofSeconds(120));
                long events = produce(stack.kafka().bootstrapServers(), eventTickets);
                long start = System.nanoTime();
                awaitConsumed(stack.kafka().bootstrapServers());
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("ingest    %,d events (%,d tickets' lifecycles, each event delivered once): %,.0f events/s%n",
                        events, eventTickets, events / seconds);

                Http admin = new Http(DevTokens.mint("admin", List.of("admin")));
                Map<Integer, Map<String, Timings>> bySize = new LinkedHashMap<>();
                int loaded = 0;
                for (int size : sizes) {
                    System.out.printf("loading tickets %,d to %,d into the read models ...%n", loaded + 1, size);
                    long loadStart = System.nanoTime();
                    load(stack.postgres(), loaded + 1, size);
                    loaded = size;
                    double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
                    // Rows loaded behind the service's back: its rollups are recomputed from them, as after a zone change.
                    long rollupStart = System.nanoTime();
                    Http.Reply rebuilt = admin.post(reporting.baseUrl() + "/admin/read-models/rollups/rebuild", null,
                            Duration.ofMinutes(30));
                    if (rebuilt.status() != 200) {
                        throw new IllegalStateException("rollup rebuild answered " + rebuilt.status() + ": " + rebuilt.body());
                    }
                    double rollupSeconds = (System.nanoTime() - rollupStart) / 1e9;
                    System.out.printf("load      %,d tickets (+ responses, resolutions, SLA timers, messages) by SQL in %.1f s;"
                            + " rollups rebuilt from all rows in %.1f s%n", size, loadSeconds, rollupSeconds);
                    bySize.put(size, measure(reporting.baseUrl(), admin, requests, clients));
                }

                System.out.println();
                System.out.println("== reporting-service benchmark ==");
                System.out.printf("ingest    %,d events: %,.0f events/s%n", events, events / seconds);
                System.out.printf("reports   over the last 365 days, p50 / p99 in ms, %d requests one at a time, then %d"
                        + " clients at once (%d requests each):%n", requests, clients, requests);
                StringBuilder header = new StringBuilder(String.format("  %-45s", "report \\ tickets"));
                bySize.keySet().forEach(size -> header.append(String.format(" | %,19d", size)));
                System.out.println(header);
                for (String report : REPORTS) {
                    StringBuilder line = new StringBuilder(String.format("  %-45s", report));
                    bySize.values().forEach(timings -> line.append(" | ").append(timings.get(report)));
                    System.out.println(line);
                }
                System.out.printf("  (each cell: 1 client p50/p99, %d clients p99)%n", clients);
                System.out.printf("rss       reporting-service %,d MiB%n", reporting.rssKib() / 1024);
            }
        }
    }

    /** A report's latencies: one client (p50, p99), then several clients at once (p99). */
    private record Timings(long p50, long p99, long concurrentP99) {

        @Override
        public String toString() {
            return String.format("%5d/%5d, %5d", p50, p99, concurrentP99);
        }
    }

    private static Map<String, Timings> measure(String baseUrl, Http admin, int requests, int clients)
            throws Exception {
        Map<String, Timings> timings = new LinkedHashMap<>();
        String period = "from=" + Instant.now().minus(Duration.ofDays(365)) + "&to=" + Instant.now();
        for (String report : REPORTS) {
            String url = baseUrl + report + (report.contains("?") ? "&" : "?") + period;
            timed(admin, url); // warm-up
            List<Long> alone = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                alone.add(timed(admin, url));
            }
            List<Long> together = Collections.synchronizedList(new ArrayList<>());
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(clients)) {
                List<java.util.concurrent.Future<?>> running = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    running.add(pool.submit(() -> {
                        for (int i = 0; i < requests; i++) {
                            together.add(timed(admin, url));
                        }
                    }));
                }
                for (var client : running) {
                    client.get();
                }
            }
            Collections.sort(alone);
            List<Long> all = new ArrayList<>(together);
            Collections.sort(all);
            timings.put(report, new Timings(PipelineBenchmark.percentile(alone, 50),
                    PipelineBenchmark.percentile(alone, 99), PipelineBenchmark.percentile(all, 99)));
        }
        return timings;
    }

    private static long timed(Http admin, String url) {
        long t = System.nanoTime();
        Http.Reply reply = admin.get(url);
        long ms = (System.nanoTime() - t) / 1_000_000;
        if (reply.status() != 200) {
            throw new IllegalStateException(url + " answered " + reply.status() + ": " + reply.body());
        }
        return ms;
    }

    /** Each ticket's lifecycle: opened, a customer message, an agent reply, resolved; its SLA timer started and met. */
    private static long produce(String bootstrap, int tickets) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        long count = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            Instant base = Instant.now().minus(Duration.ofDays(10));
            for (int i = 0; i < tickets; i++) {
                Instant opened = base.plusSeconds(i * 60L);
                TicketSnapshot ticket = TicketEvents.newTicket(opened);
                var timer = SlaEvents.firstResponseTimer(ticket, 900);
                List<Event> events = List.of(TicketEvents.opened(ticket),
                        new CustomerMessageReceived(UUID.randomUUID(), opened, ticket, UUID.randomUUID(), "WA" + i,
                                MessageKind.TEXT),
                        new AgentReplied(UUID.randomUUID(), opened.plusSeconds(120), ticket, UUID.randomUUID(),
                                AgentReplied.AGENT, UUID.randomUUID()),
                        new TicketResolved(UUID.randomUUID(), opened.plusSeconds(600), ticket, null));
                for (Event event : events) {
                    producer.send(new ProducerRecord<>(Topics.TICKET_EVENTS, event.partitionKey(), JsonCodec.write(event)));
                    count++;
                }
                Event breach = SlaEvents.breached(timer);
                producer.send(new ProducerRecord<>(Topics.SLA_EVENTS, breach.partitionKey(), JsonCodec.write(breach)));
                count++;
            }
        }
        return count;
    }

    /** Until the service's consumer group has committed every partition's end offset. */
    private static void awaitConsumed(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (String topic : List.of(Topics.TICKET_EVENTS, Topics.SLA_EVENTS)) {
                for (int partition = 0; partition < 3; partition++) {
                    ends.put(new TopicPartition(topic, partition), OffsetSpec.latest());
                }
            }
            var latest = admin.listOffsets(ends).all().get();
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata().get();
                boolean done = latest.entrySet().stream().allMatch(end -> {
                    OffsetAndMetadata at = committed.get(end.getKey());
                    return end.getValue().offset() == 0 || at != null && at.offset() >= end.getValue().offset();
                });
                if (done) {
                    return;
                }
                Thread.sleep(100);
            }
        }
    }

    /** Tickets {@code first} to {@code last}'s read-model rows over the last year, written straight by SQL. */
    private static void load(LocalPostgres postgres, int first, int last) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("atende_reporting"),
                LocalPostgres.USER, LocalPostgres.PASSWORD); Statement sql = connection.createStatement()) {
            sql.execute("""
                    create temporary table seed as
                    select gen_random_uuid() as id, n,
                           now() - (random() * interval '365 days') as opened_at,
                           (array['6a1d3a8e-0d8e-4b7e-9a2f-5b0c1e2d3f40','00000000-0000-4000-8000-00000000d001',
                                  '5f0e1d2c-3b4a-4958-8776-655443322110'])[1 + n % 3]::uuid as department_id,
                           ('00000000-0000-4000-8000-' || lpad((n % 40)::text, 12, '0'))::uuid as agent_id,
                           'whatsapp-' || (n % 5) as channel_id
                    from generate_series(FIRST, LAST) as n""".replace("FIRST", String.valueOf(first))
                    .replace("LAST", String.valueOf(last)));
            sql.execute("""
                    insert into rm_ticket (ticket_id, ticket_number, channel_id, department_id, department_name,
                        assignee_id, priority, status, opened_at, resolved_at, cycle_opened_at, updated_at)
                    select id, 1000000 + n, channel_id, department_id, 'Dept ' || (n % 3), agent_id, 'NORMAL',
                           case when n % 10 = 0 then 'QUEUED' when n % 10 = 1 then 'OPEN' else 'RESOLVED' end,
                           opened_at, opened_at + interval '2 hours', opened_at, now() from seed""");
            sql.execute("""
                    insert into rm_response (event_id, ticket_id, kind, department_id, agent_id, channel_id,
                        awaited_from, responded_at, seconds)
                    select gen_random_uuid(), id, 'FIRST', department_id, agent_id, channel_id, opened_at,
                           opened_at + (n % 1800) * interval '1 second', n % 1800 from seed""");
            sql.execute("""
                    insert into rm_resolution (event_id, ticket_id, department_id, agent_id, channel_id, opened_at,
                        resolved_at, seconds)
                    select gen_random_uuid(), id, department_id, agent_id, channel_id, opened_at,
                           opened_at + interval '2 hours', 7200 from seed where n % 10 > 1""");
            sql.execute("""
                    insert into rm_sla (timer_id, ticket_id, target, department_id, agent_id, channel_id, business_hours,
                        started_at, due_at, outcome, elapsed_seconds, closed_at)
                    select gen_random_uuid(), id, 'FIRST_RESPONSE', department_id, agent_id, channel_id, n % 2 = 0,
                           opened_at, opened_at + interval '15 minutes',
                           case when n % 1800 > 900 then 'BREACHED' else 'MET' end, n % 1800,
                           opened_at + least(n % 1800, 900) * interval '1 second' from seed""");
            sql.execute("""
                    insert into rm_message (event_id, ticket_id, channel_id, department_id, direction, author, occurred_at)
                    select gen_random_uuid(), id, channel_id, department_id, d, case d when 'IN' then 'CUSTOMER' else 'AGENT' end,
                           opened_at from seed cross join (values ('IN'), ('OUT')) as directions(d)""");
            sql.execute("analyze");
        }
    }
}
