package io.atende.platform.outbox;

import java.net.URI;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Moves committed outbox rows to Kafka, oldest first, and deletes them once the broker acknowledged them (at least
 * once: a crash between ack and delete resends, and consumers de-duplicate on the event id). One replica relays at a
 * time (a PostgreSQL advisory lock), which keeps each aggregate's events in order.
 */
@ApplicationScoped
public class OutboxRelay {

    public static final String CHANNEL = "atende-outbox";
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Any fixed number shared by the replicas of one service (each service has its own database). */
    private static final long RELAY_LOCK = 7_001_001L;

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final URI source;
    private final int batchSize;
    private final Counter relayed;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();

    public OutboxRelay(Pool pool, @Channel(CHANNEL) MutinyEmitter<String> emitter, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.application.name") String service,
            @ConfigProperty(name = "atende.outbox.batch-size", defaultValue = "500") int batchSize) {
        this.pool = pool;
        this.emitter = emitter;
        this.source = URI.create("urn:atende:" + service);
        this.batchSize = batchSize;
        this.relayed = Counter.builder("atende.outbox.relayed").description("events relayed from the outbox to Kafka")
                .register(registry);
    }

    /** Relay now: called after a transaction that wrote to the outbox has committed. */
    public void wake() {
        drain().subscribe().with(ignored -> {
        }, failure -> LOG.warnf(failure, "outbox relay failed; the next poll retries"));
    }

    /** The safety net: picks up rows whose writer did not wake the relay (a crash, another replica). */
    @Scheduled(every = "${atende.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        return drain().onFailure().invoke(failure -> LOG.warnf(failure, "outbox relay failed; retrying"))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> drain() {
        if (!emitterReady()) {
            // Not wired to Kafka yet (start-up) or the producer is saturated: the rows wait for the next poll.
            return Uni.createFrom().voidItem();
        }
        wanted.set(true);
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return drainWhileWanted().eventually(() -> {
            running.set(false);
            if (wanted.get()) {
                wake();
            }
        });
    }

    private boolean emitterReady() {
        try {
            return emitter.hasRequests();
        } catch (RuntimeException notWiredYet) {
            return false;
        }
    }

    private Uni<Void> drainWhileWanted() {
        wanted.set(false);
        return pool.withTransaction(this::relayBatch)
                .flatMap(count -> count >= batchSize || wanted.get() ? drainWhileWanted() : Uni.createFrom().voidItem());
    }

    private Uni<Integer> relayBatch(SqlConnection connection) {
        return connection.preparedQuery("select pg_try_advisory_xact_lock($1)").execute(Tuple.of(RELAY_LOCK))
                .flatMap(lock -> {
                    if (!lock.iterator().next().getBoolean(0)) {
                        return Uni.createFrom().item(0);
                    }
                    return connection.preparedQuery(
                            "select id, topic, message_key, event_type, payload, occurred_at from outbox_event order by seq limit $1")
                            .execute(Tuple.of(batchSize))
                            .flatMap(rows -> send(rows).flatMap(ids -> delete(connection, ids)));
                });
    }

    private Uni<List<UUID>> send(RowSet<Row> rows) {
        List<UUID> ids = new ArrayList<>();
        List<Uni<Void>> acks = new ArrayList<>();
        for (Row row : rows) {
            ids.add(row.getUUID("id"));
            acks.add(emitter.sendMessage(toMessage(row)));
        }
        if (acks.isEmpty()) {
            return Uni.createFrom().item(ids);
        }
        return Uni.join().all(acks).andFailFast().replaceWith(ids);
    }

    private Message<String> toMessage(Row row) {
        OutgoingCloudEventMetadata<String> cloudEvent = OutgoingCloudEventMetadata.<String>builder()
                .withId(row.getUUID("id").toString())
                .withType(row.getString("event_type"))
                .withSource(source)
                .withSubject(row.getString("message_key"))
                .withDataContentType("application/json")
                .withTimestamp(row.getOffsetDateTime("occurred_at").atZoneSameInstant(ZoneOffset.UTC))
                .build();
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.getString("topic"))
                .withKey(row.getString("message_key"))
                .build();
        return Message.of(row.getString("payload")).addMetadata(cloudEvent).addMetadata(kafka);
    }

    private Uni<Integer> delete(SqlConnection connection, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return connection.preparedQuery("delete from outbox_event where id = any($1)")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .invoke(() -> relayed.increment(ids.size()))
                .replaceWith(ids.size());
    }
}
