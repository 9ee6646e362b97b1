package io.atende.ticketing.process;

import static io.atende.contracts.testing.InboundMessages.customerText;
import static io.atende.contracts.testing.InboundMessages.newContactAddress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.atende.contracts.JsonCodec;
import io.atende.contracts.Topics;
import io.atende.contracts.channel.InboundMessageReceived;
import io.atende.contracts.ticket.CustomerMessageReceived;
import io.atende.contracts.ticket.TicketEvent;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.localstack.DevTokens;
import io.atende.localstack.KafkaTestClient;
import io.atende.localstack.LocalPostgres;
import io.atende.localstack.LocalStack;

/**
 * Benchmark of the packaged service, not a test: it prints figures and asserts only that the work was done. Runs
 * only when asked ({@code -Datende.bench=true}); see the module README for the command and the parameters.
 */
@EnabledIfSystemProperty(named = "atende.bench", matches = "true")
class TicketingBenchIT {

    private static final String CHANNEL = "bench";
    private static final int MESSAGES = Integer.getInteger("bench.messages", 6000);
    private static final int CONTACTS = Integer.getInteger("bench.contacts", 1000);
    private static final int LATENCY_MESSAGES = Integer.getInteger("bench.latency-messages", 300);
    private static final int RATE = Integer.getInteger("bench.rate", 50);
    private static final int QUEUE_TICKETS = Integer.getInteger("bench.queue-tickets", 100_000);
    private static final int QUEUE_CALLS = Integer.getInteger("bench.queue-calls", 300);

    private final Set<UUID> stored = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> openedAtNanos = new ConcurrentHashMap<>();
    private final AtomicBoolean reading = new AtomicBoolean(true);

    @Test
    void inboundThroughputLatencyAndQueueListing() throws Exception {
        try (LocalStack stack = LocalStack.start(0, 0, null, 3);
                KafkaTestClient kafka = new KafkaTestClient(stack.kafka().bootstrapServers())) {
            PackagedService service = new PackagedService(stack, Path.of("target", "bench").toAbsolutePath(), Map.of());
            Thread recorder = new Thread(() -> record(kafka), "bench-recorder");
            recorder.setDaemon(true);
            recorder.start();
            try {
                // 1. Throughput: the records wait on the topic; the service starts and works through them.
                List<String> contacts = new ArrayList<>();
                for (int i = 0; i < CONTACTS; i++) {
                    contacts.add(newContactAddress());
                }
                for (int i = 0; i < MESSAGES; i++) {
                    kafka.send(Topics.CHANNEL_INBOUND, customerText(CHANNEL, contacts.get(i % CONTACTS), "msg " + i));
                }
                service.start("bench.log");
                long start = System.nanoTime();
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(10)).until(() -> stored.size() >= MESSAGES);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("%ninbound: %d messages from %d contacts turned into tickets and stored in %.1f s: %.0f msg/s%n",
                        MESSAGES, CONTACTS, seconds, MESSAGES / seconds);

                // 2. Latency at a steady rate: publish of a new conversation's first message to its TicketOpened.
                Map<String, Long> sentAtNanos = new ConcurrentHashMap<>();
                long interval = 1_000_000_000L / RATE;
                long next = System.nanoTime();
                for (int i = 0; i < LATENCY_MESSAGES; i++) {
                    String contact = newContactAddress();
                    while (System.nanoTime() < next) {
                        Thread.onSpinWait();
                    }
                    InboundMessageReceived message = customerText(CHANNEL, contact, "latência");
                    sentAtNanos.put(contact, System.nanoTime());
                    kafka.send(Topics.CHANNEL_INBOUND, message);
                    next += interval;
                }
                await().atMost(Duration.ofMinutes(5)).until(() -> sentAtNanos.keySet().stream().allMatch(openedAtNanos::containsKey));
                List<Long> latencies = new ArrayList<>();
                sentAtNanos.forEach((contact, sent) -> latencies.add(openedAtNanos.get(contact) - sent));
                System.out.printf("latency (inbound publish -> TicketOpened consumed) at %d msg/s over %d messages: p50 %.1f ms, p99 %.1f ms%n",
                        RATE, LATENCY_MESSAGES, percentile(latencies, 50) / 1e6, percentile(latencies, 99) / 1e6);

                // 3. Queue listing with QUEUE_TICKETS tickets in the database, all QUEUED in one department.
                String admin = DevTokens.mint("admin", List.of("admin"));
                HttpClient http = HttpClient.newHttpClient();
                String created = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/departments"))
                        .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Fila grande\"}")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                UUID department = UUID.fromString(new ObjectMapper().readTree(created).path("id").asText());
                seedQueue(stack, department);
                List<Long> listings = new ArrayList<>();
                for (int i = 0; i < QUEUE_CALLS + 20; i++) {
                    int page = i % 50; // the first pages are what agents look at; a few deeper ones too
                    long t0 = System.nanoTime();
                    HttpResponse<String> response = service.get("/departments/" + department + "/queue?size=50&page=" + page, admin);
                    long took = System.nanoTime() - t0;
                    assertThat(response.statusCode()).isEqualTo(200);
                    if (i >= 20) { // warm-up
                        listings.add(took);
                    }
                }
                System.out.printf("queue listing (50 per page, pages 0-49) with %d queued tickets: p50 %.1f ms, p99 %.1f ms%n%n",
                        QUEUE_TICKETS, percentile(listings, 50) / 1e6, percentile(listings, 99) / 1e6);
            } finally {
                reading.set(false);
                service.stop();
            }
        }
    }

    private void record(KafkaTestClient kafka) {
        try (KafkaConsumer<String, String> consumer = kafka.newConsumer()) {
            consumer.subscribe(List.of(Topics.TICKET_EVENTS));
            while (reading.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    TicketEvent event = JsonCodec.read(record.value(), TicketEvent.class);
                    if (event instanceof CustomerMessageReceived received) {
                        stored.add(received.messageId());
                    } else if (event instanceof TicketOpened opened) {
                        openedAtNanos.putIfAbsent(opened.ticket().contact().address(), now);
                    }
                }
            }
        }
    }

    private static void seedQueue(LocalStack stack, UUID department) throws Exception {
        try (Connection connection = DriverManager.getConnection(stack.postgres().jdbcUrl("atende_ticketing"),
                LocalPostgres.USER, LocalPostgres.PASSWORD); Statement sql = connection.createStatement()) {
            sql.execute("""
                    insert into contact (id, channel_id, address, name)
                    select gen_random_uuid(), 'bench-queue', 'q' || n || '@s.whatsapp.net', 'Cliente ' || n
                    from generate_series(1, %d) n""".formatted(QUEUE_TICKETS));
            sql.execute("""
                    insert into ticket (id, number, channel_type, channel_id, contact_id, contact_address, department_id,
                                        priority, status, opened_at, updated_at)
                    select gen_random_uuid(), nextval('ticket_number_seq'), 'whatsapp', c.channel_id, c.id, c.address,
                           '%s', 'NORMAL', 'QUEUED', now() - (row_number() over ()) * interval '1 second', now()
                    from contact c where c.channel_id = 'bench-queue'""".formatted(department));
            sql.execute("analyze ticket");
        }
    }

    private static double percentile(List<Long> values, int percentile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
