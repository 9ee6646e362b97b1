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

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;

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
 * once: a crash between ack and delete resends, and consumers de-duplicate on the event id). A row the broker
 * refuses for good is parked with its reason instead of blocking the rows after it. One replica relays at a
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
    private final MeterRegistry registry;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();

    public OutboxRelay(Pool pool, @Channel(CHANNEL) MutinyEmitter<String> emitter, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.application.name") String service,
            @ConfigProperty(name = "atende.outbox.batch-size") int batchSize) {
        this.pool = pool;
        this.emitter = emitter;
        this.source = URI.create("urn:atende:" + service);
        this.batchSize = batchSize;
        this.registry = registry;
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
                    return connection.preparedQuery("select id, topic, message_key, event_type, payload, occurred_at"
                            + " from outbox_event order by seq limit $1")
                            .execute(Tuple.of(batchSize))
                            .flatMap(rows -> send(rows).flatMap(sent -> settle(connection, sent)));
                });
    }

    /** What became of one row's send: acknowledged (failure null), refused for good, or failed for now. */
    private record Sent(UUID id, String topic, String key, Throwable failure) {

        boolean refusedForGood() {
            return failure != null && isPermanent(failure);
        }
    }

    /** Sends every row and waits for each one's outcome (a failed send fails only its row). */
    private Uni<List<Sent>> send(RowSet<Row> rows) {
        List<Uni<Sent>> outcomes = new ArrayList<>();
        for (Row row : rows) {
            UUID id = row.getUUID("id");
            String topic = row.getString("topic");
            String key = row.getString("message_key");
            Uni<Sent> outcome;
            try {
                outcome = emitter.sendMessage(toMessage(row)).map(ack -> new Sent(id, topic, key, null));
            } catch (RuntimeException refused) {
                outcome = Uni.createFrom().failure(refused);
            }
            outcomes.add(outcome.onFailure().recoverWithItem(failure -> new Sent(id, topic, key, failure)));
        }
        return outcomes.isEmpty() ? Uni.createFrom().item(List.of()) : Uni.join().all(outcomes).andFailFast();
    }

    /**
     * Deletes what the broker acknowledged and parks what it refused for good (too large, invalid topic) in
     * {@code outbox_parked}, with the reason, so that the rows after it flow. A row that failed for now (the broker
     * unreachable) and every row after it stay, to be sent again in order at the next poll (the consumers
     * de-duplicate what had already arrived).
     */
    private Uni<Integer> settle(SqlConnection connection, List<Sent> sent) {
        List<UUID> delivered = new ArrayList<>();
        List<Sent> parked = new ArrayList<>();
        Throwable retry = null;
        for (Sent one : sent) {
            if (one.refusedForGood()) {
                parked.add(one);
            } else if (one.failure() != null) {
                retry = one.failure();
                break;
            } else {
                delivered.add(one.id());
            }
        }
        Throwable failedForNow = retry;
        return park(connection, parked)
                .chain(() -> delete(connection, delivered))
                .map(deleted -> {
                    if (failedForNow != null) {
                        LOG.warnf("outbox relay: a send failed (%s); %d rows sent, the rest waits for the next poll",
                                failedForNow.toString(), deleted);
                        return 0;
                    }
                    return deleted + parked.size();
                });
    }

    private Uni<Void> park(SqlConnection connection, List<Sent> refused) {
        if (refused.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        refused.forEach(one -> {
            Counter.builder("atende.outbox.parked").description("outbox events the broker refused for good, kept in outbox_parked")
                    .tag("topic", one.topic()).register(registry).increment();
            LOG.errorf("outbox event %s (topic %s, key %s) refused by the broker for good and parked in outbox_parked: %s",
                    one.id(), one.topic(), one.key(), one.failure().toString());
        });
        return connection.preparedQuery("with refused as (delete from outbox_event o using unnest($1::uuid[], $2::text[])"
                + " as r(id, reason) where o.id = r.id returning o.*, r.reason)"
                + " insert into outbox_parked (id, seq, topic, message_key, event_type, payload, occurred_at, created_at,"
                + " reason) select id, seq, topic, message_key, event_type, payload, occurred_at, created_at, reason"
                + " from refused on conflict (id) do nothing")
                .execute(Tuple.of(refused.stream().map(Sent::id).toArray(UUID[]::new),
                        refused.stream().map(one -> one.failure().toString()).toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** A refusal no resend can change: the record itself is wrong for the broker. */
    static boolean isPermanent(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                    || cause instanceof InvalidTopicException || cause instanceof InvalidRecordException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
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
