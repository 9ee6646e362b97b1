package io.atende.ticketing.process;

import static io.atende.contracts.testing.InboundMessages.customerText;
import static io.atende.contracts.testing.InboundMessages.newContactAddress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.atende.contracts.JsonCodec;
import io.atende.contracts.Topics;
import io.atende.contracts.channel.InboundMessageReceived;
import io.atende.contracts.ticket.CustomerMessageReceived;
import io.atende.contracts.ticket.TicketEvent;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.localstack.DevTokens;
import io.atende.localstack.KafkaTestClient;
import io.atende.localstack.LocalStack;

/**
 * The packaged service as its own process, killed with SIGKILL while it works through a batch of inbound records
 * (so database commits it made are not yet covered by committed offsets, and outbox rows may be half relayed), then
 * started again: Kafka redelivers what the dead process had handled, and still every conversation has exactly one
 * ticket and every message is stored exactly once.
 */
class CrashRecoveryIT {

    private static final String CHANNEL = "crash-test";
    private static final int CONTACTS = 60;
    private static final int MESSAGES_PER_CONTACT = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DUPLICATES = Pattern.compile(
            "atende_ticketing_inbound_total\\{[^}]*outcome=\"duplicate\"[^}]*} ([0-9.]+)");

    private static LocalStack stack;
    private static KafkaTestClient kafka;
    private static PackagedService service;
    private static final Map<String, Set<UUID>> ticketsByContact = new ConcurrentHashMap<>();
    private static final Set<UUID> storedMessages = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean reading = new AtomicBoolean(true);

    @BeforeAll
    static void startTheStack() {
        stack = LocalStack.start(0, 0, null, 3);
        kafka = new KafkaTestClient(stack.kafka().bootstrapServers());
        service = new PackagedService(stack, Path.of("target", "crash-it").toAbsolutePath(), Map.of());
        Thread recorder = new Thread(CrashRecoveryIT::recordTicketEvents, "crash-it-recorder");
        recorder.setDaemon(true);
        recorder.start();
    }

    @AfterAll
    static void stopEverything() {
        reading.set(false);
        if (service != null) {
            service.stop();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static void recordTicketEvents() {
        try (KafkaConsumer<String, String> consumer = kafka.newConsumer()) {
            consumer.subscribe(List.of(Topics.TICKET_EVENTS));
            while (reading.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    TicketEvent event = JsonCodec.read(record.value(), TicketEvent.class);
                    if (event instanceof TicketOpened) {
                        ticketsByContact.computeIfAbsent(event.ticket().contact().address(),
                                c -> ConcurrentHashMap.newKeySet()).add(event.ticket().id());
                    }
                    if (event instanceof CustomerMessageReceived received) {
                        storedMessages.add(received.messageId());
                    }
                }
            }
        } catch (RuntimeException e) {
            // the broker stops at the end
        }
    }

    @Test
    void killedMidBatchAndRestartedTheServiceCreatesNoSecondTicketAndNoDuplicateMessage() throws Exception {
        service.start("run-1.log");
        List<String> contacts = new ArrayList<>();
        List<InboundMessageReceived> batch = new ArrayList<>();
        for (int c = 0; c < CONTACTS; c++) {
            contacts.add(newContactAddress());
        }
        for (int m = 0; m < MESSAGES_PER_CONTACT; m++) {
            for (String contact : contacts) {
                batch.add(customerText(CHANNEL, contact, "mensagem " + m));
            }
        }
        int total = batch.size();

        batch.forEach(message -> kafka.send(Topics.CHANNEL_INBOUND, message));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                .until(() -> storedMessages.size() >= total / 10);
        service.kill();
        assertThat(storedMessages.size()).as("killed mid-batch").isLessThan(total);

        service.start("run-2.log");
        await().atMost(Duration.ofSeconds(120)).until(() -> storedMessages.size() >= total);

        String token = DevTokens.mint("admin", List.of("admin"));
        for (String contact : contacts) {
            assertThat(ticketsByContact.get(contact)).as("tickets announced for " + contact).hasSize(1);
            JsonNode found = JSON.readTree(service.get("/tickets?contact=" + contact, token).body());
            assertThat(found.size()).as("tickets stored for " + contact).isEqualTo(1);
            assertThat(found.get(0).path("messages").size()).as("messages stored for " + contact)
                    .isEqualTo(MESSAGES_PER_CONTACT);
        }
        assertThat(storedMessages).hasSize(total);
        // The case was really exercised: the restarted process was handed records the killed one had stored.
        HttpResponse<String> metrics = service.get("/q/metrics", token);
        Matcher duplicates = DUPLICATES.matcher(metrics.body());
        assertThat(duplicates.find()).as("duplicate outcomes counted after the restart").isTrue();
        assertThat(Double.parseDouble(duplicates.group(1))).isPositive();
    }
}
