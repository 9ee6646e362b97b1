package io.atende.localstack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.atende.contracts.CloudEventHeaders;
import io.atende.contracts.Event;
import io.atende.contracts.JsonCodec;

/** Plain Kafka clients for tests and benchmarks: produce contract events or raw text, read topics from the start. */
public final class KafkaTestClient implements AutoCloseable {

    private final String bootstrapServers;
    private final KafkaProducer<String, String> producer;

    public KafkaTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** Sends a contract event the way the services do: JSON value, aggregate key, CloudEvents headers. */
    public RecordMetadata send(String topic, Event event) {
        return await(record(topic, event));
    }

    private static ProducerRecord<String, String> record(String topic, Event event) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, event.partitionKey(), JsonCodec.write(event));
        record.headers().add(CloudEventHeaders.ID, bytes(event.eventId().toString()))
                .add(CloudEventHeaders.TYPE, bytes(Event.typeOf(event)))
                .add(CloudEventHeaders.SOURCE, bytes("urn:atende:test"))
                .add(CloudEventHeaders.SPEC_VERSION, bytes(CloudEventHeaders.SPEC_VERSION_1_0))
                .add(CloudEventHeaders.TIME, bytes(event.occurredAt().toString()));
        return new ProducerRecord<>(record.topic(), null, record.key(), record.value(), record.headers());
    }

    /**
     * Sends the events as {@link #send} does, all before waiting for any acknowledgement, so that they travel in one
     * produce request and a consumer that is polling finds them in one poll (one batch).
     */
    public List<RecordMetadata> sendAll(String topic, List<? extends Event> events) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Event event : events) {
            sent.add(producer.send(record(topic, event)));
        }
        producer.flush();
        List<RecordMetadata> acknowledged = new ArrayList<>();
        for (Future<RecordMetadata> one : sent) {
            try {
                acknowledged.add(one.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot send to " + topic, e.getCause());
            }
        }
        return acknowledged;
    }

    /** Sends any text, e.g. a malformed record. */
    public RecordMetadata sendRaw(String topic, String key, String value) {
        return await(new ProducerRecord<>(topic, key, value));
    }

    private RecordMetadata await(ProducerRecord<String, String> record) {
        try {
            return producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot send to " + record.topic(), e.getCause());
        }
    }

    /** Every record of the topic (from the beginning) until {@code expected} of them match or the timeout passes. */
    public List<ConsumerRecord<String, String>> read(String topic, Predicate<ConsumerRecord<String, String>> matching,
            int expected, Duration timeout) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = newConsumer()) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(timeout);
            while (found.size() < expected && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (matching.test(record)) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    /** Reads for the whole {@code window}: for asserting that something did NOT arrive (or arrived only once). */
    public List<ConsumerRecord<String, String>> readFor(String topic, Predicate<ConsumerRecord<String, String>> matching,
            Duration window) {
        return read(topic, matching, Integer.MAX_VALUE, window);
    }

    public KafkaConsumer<String, String> newConsumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static Map<String, String> headers(ConsumerRecord<String, String> record) {
        Map<String, String> all = new java.util.LinkedHashMap<>();
        record.headers().forEach(h -> all.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8)));
        return all;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
