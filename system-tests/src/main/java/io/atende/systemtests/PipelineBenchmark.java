package io.atende.systemtests;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.UUID;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import io.atende.contracts.ChannelRef;
import io.atende.contracts.ContactRef;
import io.atende.contracts.JsonCodec;
import io.atende.contracts.Priority;
import io.atende.contracts.channel.MessageKind;
import io.atende.contracts.ticket.AgentReplied;
import io.atende.contracts.ticket.TicketResolved;
import io.atende.contracts.ticket.TicketSnapshot;
import io.atende.contracts.ticket.TicketStatus;
import io.atende.localstack.LocalPostgres;
import io.atende.contracts.Topics;
import io.atende.contracts.channel.InboundMessageReceived;
import io.atende.contracts.testing.InboundMessages;
import io.atende.contracts.ticket.CustomerMessageReceived;
import io.atende.contracts.ticket.TicketEvent;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.localstack.KafkaTestClient;

/**
 * Drives inbound messages through the running pipeline (channel.inbound.v1 -> ticketing -> ticket.events.v1, with
 * SLA and reporting consuming behind it) and prints throughput, latency and memory, next to the raw Kafka
 * pass-through rate of the same records on the same broker as the baseline. The latency phase starts once every
 * service's consumers have caught up with the throughput burst (printed as "settle"), so it measures a new
 * conversation on a pipeline at the given rate, not behind a backlog.
 *
 * <pre>./bench.sh [--messages 100000] [--contacts 10000] [--latency-messages 1000] [--rate 1000]
 *           [--ticket-event-tickets 10000]</pre>
 */
public final class PipelineBenchmark {

    private static final String BASELINE_TOPIC = "bench.passthrough";
    private static final String CHANNEL = "bench";

    private final KafkaTestClient kafka;
    private final String bootstrap;

    private PipelineBenchmark(String bootstrap) {
        this.bootstrap = bootstrap;
        this.kafka = new KafkaTestClient(bootstrap);
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = options(args);
        int messages = options.getOrDefault("messages", 100_000);
        int contacts = options.getOrDefault("contacts", 10_000);
        int latencyMessages = options.getOrDefault("latency-messages", 1_000);
        int rate = options.getOrDefault("rate", 1_000);
        int ticketEventTickets = options.getOrDefault("ticket-event-tickets", 10_000);
        Path root = Path.of(System.getProperty("atende.root", ".")).toAbsolutePath().normalize();

        System.out.printf("starting Kafka, PostgreSQL and the four services (logs in system-tests/target/bench)%n");
        try (AtendeSystem system = AtendeSystem.start(root, root.resolve("system-tests/target/bench"),
                Map.of("ATENDE_ENGINE", "simulator"))) {
            system.stack().kafka().createTopics(List.of(BASELINE_TOPIC), 3);
            PipelineBenchmark bench = new PipelineBenchmark(system.stack().kafka().bootstrapServers());

            bench.throughput(500, 50); // warm-up: JIT, connection pools, consumer groups
            double baseline = bench.passThrough(messages, contacts);
            Map<String, Duration> cpuBefore = cpuTimes(system);
            long burstStart = System.nanoTime();
            Throughput pipeline = bench.throughput(messages, contacts);
            double burstSeconds = (System.nanoTime() - burstStart) / 1e9;
            Map<String, Duration> cpuAfter = cpuTimes(system);
            // The latency of a new conversation on a pipeline that is not still folding the burst.
            long caughtUpMs = bench.awaitConsumersCaughtUp(Duration.ofMinutes(10));
            List<Long> latencies = bench.openingLatencies(latencyMessages, rate);
            Map<String, Double> consumers = bench.ticketEventConsumers(system, ticketEventTickets);

            System.out.println();
            System.out.println("== Atende pipeline benchmark ==");
            System.out.printf("records: %d messages from %d contacts; cores: %d%n", messages, contacts,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("baseline  raw Kafka pass-through (produce + consume, no processing): %,.0f msg/s%n", baseline);
            System.out.printf("pipeline  inbound -> ticket + stored message (end to end):          %,.0f msg/s (%.3f x baseline)%n",
                    pipeline.perSecond(), pipeline.perSecond() / baseline);
            System.out.printf("pipeline  tickets opened during the run:                             %d%n", pipeline.opened());
            System.out.printf("settle    sla-service and reporting-service caught up with the burst %,d ms after ticketing%n",
                    caughtUpMs);
            System.out.printf("latency   inbound publish -> TicketOpened at %d msg/s (%d new conversations): p50 %d ms, p99 %d ms, max %d ms%n",
                    rate, latencies.size(), percentile(latencies, 50), percentile(latencies, 99),
                    latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1));
            consumers.forEach((service, perSecond) -> System.out.printf(
                    "consumer  %-18s ticket.events.v1 folded in: %,.0f events/s (%.3f x baseline)%n", service,
                    perSecond, perSecond / baseline));
            system.services().values().forEach(service -> System.out.printf("rss       %-18s %,d MiB%n",
                    service.name(), service.rssKib() / 1024));
            cpuAfter.forEach((service, after) -> {
                long micros = after.minus(cpuBefore.get(service)).toNanos() / 1_000;
                System.out.printf("cpu       %-18s %5.1f %% of a core during the burst, %,d us per message%n", service,
                        micros / 1e4 / burstSeconds, micros / Math.max(1, messages));
            });
        }
    }

    /**
     * Waits until every consumer group of the services has committed the end of every partition it reads (no lag
     * left), at most {@code max}; returns how long that took.
     */
    private long awaitConsumersCaughtUp(Duration max) throws Exception {
        long started = System.nanoTime();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<String> groups = List.of("ticketing-service", "sla-service", "reporting-service");
            while (Duration.ofNanos(System.nanoTime() - started).compareTo(max) < 0) {
                long lag = 0;
                for (String group : groups) {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata().get();
                    Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
                    committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
                    var ends = admin.listOffsets(latest).all().get();
                    for (var entry : committed.entrySet()) {
                        long end = ends.get(entry.getKey()).offset();
                        lag += Math.max(0, end - (entry.getValue() == null ? 0 : entry.getValue().offset()));
                    }
                }
                if (lag == 0) {
                    break;
                }
                Thread.sleep(500);
            }
        }
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    /**
     * How fast sla-service and reporting-service take in ticket events when nothing else feeds them: {@code tickets}
     * synthetic tickets, each opened, written to, answered and resolved (4 events), published at once onto
     * {@code ticket.events.v1}; each service is done when its de-dup log holds every one of them.
     */
    private Map<String, Double> ticketEventConsumers(AtendeSystem system, int tickets) throws Exception {
        List<TicketEvent> events = new ArrayList<>(tickets * 4);
        Instant at = Instant.now().minusSeconds(60);
        for (int i = 0; i < tickets; i++) {
            TicketSnapshot queued = new TicketSnapshot(UUID.randomUUID(), 9_000_000L + i, new ChannelRef("whatsapp", CHANNEL),
                    new ContactRef(InboundMessages.newContactAddress(), null, null, "bench"), null, null, null, null,
                    Priority.NORMAL, TicketStatus.QUEUED, at);
            events.add(new TicketOpened(UUID.randomUUID(), at, queued));
            events.add(new CustomerMessageReceived(UUID.randomUUID(), at, queued, UUID.randomUUID(), "bench-" + i,
                    MessageKind.TEXT));
            events.add(new AgentReplied(UUID.randomUUID(), at.plusSeconds(5), queued, UUID.randomUUID(),
                    AgentReplied.BUSINESS_PHONE, null));
            events.add(new TicketResolved(UUID.randomUUID(), at.plusSeconds(10), queued, null));
        }
        Map<String, String> deDupLogs = Map.of(AtendeSystem.SLA, "sla-service/ticket-events",
                AtendeSystem.REPORTING, "reporting-service");
        Map<String, Long> before = new java.util.HashMap<>();
        for (var log : deDupLogs.entrySet()) {
            before.put(log.getKey(), processedCount(system, log.getKey(), log.getValue()));
        }
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = producer()) {
            for (TicketEvent event : events) {
                producer.send(new ProducerRecord<>(Topics.TICKET_EVENTS, event.partitionKey(), JsonCodec.write(event)));
            }
        }
        Map<String, Double> rates = new java.util.TreeMap<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (rates.size() < deDupLogs.size() && System.nanoTime() < deadline) {
            for (var log : deDupLogs.entrySet()) {
                // sla-service records every event but the bot's; all four kinds here count.
                if (!rates.containsKey(log.getKey()) && processedCount(system, log.getKey(), log.getValue())
                        - before.get(log.getKey()) >= events.size()) {
                    rates.put(log.getKey(), events.size() / ((System.nanoTime() - start) / 1e9));
                }
            }
            // Each look counts a growing de-dup log: looking every 20 ms kept PostgreSQL busy enough to slow the
            // services it measures; 100 ms costs at most that much of a run of several seconds.
            Thread.sleep(100);
        }
        return rates;
    }

    private static long processedCount(AtendeSystem system, String service, String consumer) throws Exception {
        String database = "atende_" + service.replace("-service", "");
        try (Connection connection = DriverManager.getConnection(system.stack().postgres().jdbcUrl(database),
                LocalPostgres.USER, LocalPostgres.PASSWORD);
                PreparedStatement query = connection.prepareStatement(
                        "select count(*) from processed_event where consumer = ?")) {
            query.setString(1, consumer);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The raw rate of the same records through Kafka alone: the ceiling the pipeline is compared with. */
    private double passThrough(int messages, int contacts) throws InterruptedException {
        List<InboundMessageReceived> records = inbound(messages, contacts);
        CountDownLatch consumed = new CountDownLatch(messages);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread reader = reader(BASELINE_TOPIC, running, record -> consumed.countDown());
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = producer()) {
            for (InboundMessageReceived record : records) {
                producer.send(new ProducerRecord<>(BASELINE_TOPIC, record.partitionKey(), JsonCodec.write(record)));
            }
        }
        boolean done = consumed.await(5, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        reader.join();
        if (!done) {
            throw new IllegalStateException("baseline did not finish");
        }
        return messages / seconds;
    }

    record Throughput(double perSecond, int opened) {
    }

    /** Sends as fast as Kafka takes them and waits until ticketing has stored every one. */
    private Throughput throughput(int messages, int contacts) throws InterruptedException {
        List<InboundMessageReceived> records = inbound(messages, contacts);
        var expected = ConcurrentHashMap.<String>newKeySet();
        records.forEach(record -> expected.add(record.externalMessageId()));
        CountDownLatch stored = new CountDownLatch(messages);
        var opened = ConcurrentHashMap.<String>newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread reader = reader(Topics.TICKET_EVENTS, running, record -> {
            TicketEvent event = JsonCodec.read(record.value(), TicketEvent.class);
            if (event instanceof CustomerMessageReceived received && expected.remove(received.externalMessageId())) {
                stored.countDown();
            } else if (event instanceof TicketOpened) {
                opened.add(event.ticket().id().toString());
            }
        });
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = producer()) {
            for (InboundMessageReceived record : records) {
                producer.send(new ProducerRecord<>(Topics.CHANNEL_INBOUND, record.partitionKey(), JsonCodec.write(record)));
            }
        }
        // At least 10 minutes, more for a long run (a million messages at a few hundred per second).
        boolean done = stored.await(Math.max(10, messages / 10_000), TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        reader.join();
        if (!done) {
            throw new IllegalStateException(stored.getCount() + " messages never became ticket messages");
        }
        return new Throughput(messages / seconds, opened.size());
    }

    /** Paced new conversations: how long from publishing a first message to its ticket being announced. */
    private List<Long> openingLatencies(int messages, int perSecond) throws InterruptedException {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch opened = new CountDownLatch(messages);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread reader = reader(Topics.TICKET_EVENTS, running, record -> {
            TicketEvent event = JsonCodec.read(record.value(), TicketEvent.class);
            if (event instanceof TicketOpened) {
                Long sent = sentAt.remove(event.ticket().contact().address());
                if (sent != null) {
                    latencies.add((System.nanoTime() - sent) / 1_000_000);
                    opened.countDown();
                }
            }
        });
        long intervalNanos = 1_000_000_000L / perSecond;
        long next = System.nanoTime();
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < messages; i++) {
                while (System.nanoTime() < next) {
                    Thread.onSpinWait();
                }
                InboundMessageReceived record = InboundMessages.customerText(CHANNEL, InboundMessages.newContactAddress(), "oi");
                sentAt.put(record.contact().address(), System.nanoTime());
                producer.send(new ProducerRecord<>(Topics.CHANNEL_INBOUND, record.partitionKey(), JsonCodec.write(record)));
                producer.flush();
                next += intervalNanos;
            }
        }
        opened.await(2, TimeUnit.MINUTES);
        running.set(false);
        reader.join();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return sorted;
    }

    private static List<InboundMessageReceived> inbound(int messages, int contacts) {
        // Consecutive numbers from a random start: distinct within the run (random ones collide at 10,000 contacts).
        long first = java.util.concurrent.ThreadLocalRandom.current().nextLong(100_000_000L - contacts);
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < contacts; i++) {
            addresses.add(String.format("55119%08d@s.whatsapp.net", first + i));
        }
        List<InboundMessageReceived> records = new ArrayList<>(messages);
        for (int i = 0; i < messages; i++) {
            records.add(InboundMessages.customerText(CHANNEL, addresses.get(i % contacts), "mensagem " + i));
        }
        return records;
    }

    /** A reader positioned at the end of the topic before anything is sent, so it sees only this run. */
    private Thread reader(String topic, AtomicBoolean running, Consumer<ConsumerRecord<String, String>> onRecord)
            throws InterruptedException {
        CountDownLatch positioned = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = kafka.newConsumer()) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(info -> new TopicPartition(topic, info.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                positioned.countDown();
                while (running.get()) {
                    consumer.poll(Duration.ofMillis(50)).forEach(onRecord);
                }
            }
        }, "bench-reader-" + topic);
        thread.start();
        positioned.await();
        return thread;
    }

    private KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** Nearest-rank percentile of an ascending list (-1 when empty). */
    private static Map<String, Duration> cpuTimes(AtendeSystem system) {
        Map<String, Duration> times = new java.util.LinkedHashMap<>();
        system.services().values().forEach(service -> times.put(service.name(), service.cpuTime()));
        // This JVM runs the Kafka broker, the benchmark's producers and its readers.
        times.put("broker+benchmark", ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO));
        return times;
    }

    static long percentile(List<Long> sorted, int percentile) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    static Map<String, Integer> options(String[] args) {
        Map<String, Integer> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), Integer.parseInt(args[i + 1]));
        }
        return options;
    }
}
