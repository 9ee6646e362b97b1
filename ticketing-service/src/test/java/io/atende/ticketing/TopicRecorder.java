package io.atende.ticketing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.awaitility.Awaitility;

import io.atende.contracts.JsonCodec;
import io.atende.contracts.Topics;
import io.atende.contracts.channel.OutboundMessageRequested;
import io.atende.contracts.ticket.TicketEvent;

/**
 * One background consumer that keeps every record of the topics the service produces, so tests wait on what they
 * expect without joining a consumer group each time.
 */
public final class TopicRecorder {

    private static TopicRecorder instance;

    private final List<TicketEvent> ticketEvents = new CopyOnWriteArrayList<>();
    private final List<OutboundMessageRequested> outbound = new CopyOnWriteArrayList<>();

    private TopicRecorder() {
        KafkaConsumer<String, String> consumer = TicketingTestSupport.kafka().newConsumer();
        consumer.subscribe(List.of(Topics.TICKET_EVENTS, Topics.CHANNEL_OUTBOUND));
        Thread thread = new Thread(() -> {
            while (true) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, String> record : records) {
                    if (record.topic().equals(Topics.TICKET_EVENTS)) {
                        ticketEvents.add(JsonCodec.read(record.value(), TicketEvent.class));
                    } else {
                        outbound.add(JsonCodec.read(record.value(), OutboundMessageRequested.class));
                    }
                }
            }
        }, "topic-recorder");
        thread.setDaemon(true);
        thread.start();
    }

    public static synchronized TopicRecorder get() {
        if (instance == null) {
            instance = new TopicRecorder();
        }
        return instance;
    }

    /** Waits until at least {@code expected} ticket events match, and returns all that match. */
    public List<TicketEvent> awaitTicketEvents(Predicate<TicketEvent> matching, int expected) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> ticketEvents.stream().filter(matching).count() >= expected);
        return ticketEvents(matching);
    }

    public <T extends TicketEvent> T awaitTicketEvent(Class<T> type, Predicate<TicketEvent> matching) {
        return type.cast(awaitTicketEvents(event -> type.isInstance(event) && matching.test(event), 1).get(0));
    }

    public List<TicketEvent> ticketEvents(Predicate<TicketEvent> matching) {
        return ticketEvents.stream().filter(matching).toList();
    }

    public List<OutboundMessageRequested> awaitOutbound(Predicate<OutboundMessageRequested> matching, int expected) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> outbound.stream().filter(matching).count() >= expected);
        return outbound.stream().filter(matching).toList();
    }

    public List<OutboundMessageRequested> outbound(Predicate<OutboundMessageRequested> matching) {
        return outbound.stream().filter(matching).toList();
    }

    /** Events about one conversation. */
    public static Predicate<TicketEvent> about(String contactAddress) {
        return event -> event.ticket().contact() != null && contactAddress.equals(event.ticket().contact().address());
    }
}
