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
 * report takes with a million tickets in them.
 *
 * <pre>./bench.sh reporting [--events-tickets 5000] [--tickets 1000000] [--requests 30]</pre>
 */
public final class ReportingBenchmark {

    private static final String GROUP = "reporting-service";
    private static final List<String> REPORTS = List.of("/reports/overview", "/reports/summary", "/reports/volume",
            "/reports/volume?by=department&interval=day", "/reports/response-times",
            "/reports/response-times?by=agent", "/reports/sla?by=department", "/reports/agents", "/reports/channels");

    private ReportingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), Integer.parseInt(args[i + 1]));
        }
        int eventTickets = options.getOrDefault("events-tickets", 5_000);
        int tickets = options.getOrDefault("tickets", 1_000_000);
        int requests = options.getOrDefault("requests", 30);
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

                System.out.printf("loading %,d tickets into the read models ...%n", tickets);
                long loadStart = System.nanoTime();
                load(stack.postgres(), tickets);
                double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

                Http admin = new Http(DevTokens.mint("admin", List.of("admin")));
                // Rows loaded behind the service's back: its rollups are recomputed from them, as after a zone change.
                long rollupStart = System.nanoTime();
                Http.Reply rebuilt = admin.post(reporting.baseUrl() + "/admin/read-models/rollups/rebuild", null,
                        Duration.ofMinutes(10));
                if (rebuilt.status() != 200) {
                    throw new IllegalStateException("rollup rebuild answered " + rebuilt.status() + ": " + rebuilt.body());
                }
                double rollupSeconds = (System.nanoTime() - rollupStart) / 1e9;
                Map<String, List<Long>> latencies = new LinkedHashMap<>();
                String period = "from=" + Instant.now().minus(Duration.ofDays(365)) + "&to=" + Instant.now();
                for (String report : REPORTS) {
                    String url = reporting.baseUrl() + report + (report.contains("?") ? "&" : "?") + period;
                    admin.get(url); // warm-up
                    List<Long> times = new ArrayList<>();
                    for (int i = 0; i < requests; i++) {
                        long t = System.nanoTime();
                        Http.Reply reply = admin.get(url);
                        times.add((System.nanoTime() - t) / 1_000_000);
                        if (reply.status() != 200) {
                            throw new IllegalStateException(report + " answered " + reply.status() + ": " + reply.body());
                        }
                    }
                    Collections.sort(times);
                    latencies.put(report, times);
                }

                System.out.println();
                System.out.println("== reporting-service benchmark ==");
                System.out.printf("ingest    %,d events (%,d tickets' lifecycles, each event delivered once): %,.0f events/s%n",
                        events, eventTickets, events / seconds);
                System.out.printf("load      %,d tickets (+ responses, resolutions, SLA timers, messages) by SQL in %.1f s%n",
                        tickets, loadSeconds);
                System.out.printf("rollups   rebuilt from those rows in %.1f s%n", rollupSeconds);
                System.out.printf("reports   over the last 365 days, %d requests each, one at a time:%n", requests);
                latencies.forEach((report, times) -> System.out.printf("  %-45s p50 %5d ms  p99 %5d ms%n", report,
                        PipelineBenchmark.percentile(times, 50), PipelineBenchmark.percentile(times, 99)));
                System.out.printf("rss       reporting-service %,d MiB%n", reporting.rssKib() / 1024);
            }
        }
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

    /** A million tickets' worth of read-model rows over the last year, written straight by SQL. */
    private static void load(LocalPostgres postgres, int tickets) throws SQLException {
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
                    from generate_series(1, TICKETS) as n""".replace("TICKETS", String.valueOf(tickets)));
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
