package io.atende.platform.messaging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.atende.contracts.JsonCodec;
import io.atende.platform.outbox.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one shape of every Kafka consumer in Atende. A consumer receives a poll's records as a batch
 * ({@code mp.messaging.incoming.X.batch=true}) and hands it here with its handler:
 * <ol>
 * <li>each record is parsed on its own: a malformed one is dead-lettered alone, with its reason;</li>
 * <li>the others are handed to the handler at once, in their order on the partition (so per key); the handler
 * applies them in one database transaction (a {@code @WithTransaction} method, or {@code pool.withTransaction}) and
 * de-duplicates them (the whole batch in one statement, e.g. {@code ProcessedEvents.firstDeliveries});</li>
 * <li>if that transaction fails because the database is unreachable it is retried until it is back; if it fails for
 * any other reason the records are applied again one by one, each in its own transaction with
 * {@link Redelivery}'s retries, so that only the poison record is dead-lettered and its batch-mates go on;</li>
 * <li>the outbox relay is woken once, the records counted, and the batch acknowledged (its offsets committed) only
 * after its transaction committed: a crash in between redelivers the batch, which the handlers' de-duplication
 * absorbs.</li>
 * </ol>
 * Metrics: {@code atende.consumer.records{consumer, outcome=applied|dead-lettered}} and
 * {@code atende.consumer.batch} (a timer per batch).
 */
@ApplicationScoped
public class BatchConsumer {

    /** Applies events, in order, in one transaction of its own; one result per event, in the same order. */
    @FunctionalInterface
    public interface Handler<E, R> {

        Uni<List<R>> apply(List<E> events);
    }

    /** Told about what a committed batch did, e.g. for metrics or a log line. */
    @FunctionalInterface
    public interface Applied<E, R> {

        void applied(E event, R result);
    }

    private static final Logger LOG = Logger.getLogger(BatchConsumer.class);

    private record Parsed<E>(KafkaRecord<String, String> record, E event) {
    }

    private final OutboxRelay relay;
    private final MeterRegistry registry;

    public BatchConsumer(OutboxRelay relay, MeterRegistry registry) {
        this.relay = relay;
        this.registry = registry;
    }

    /** Applies the batch in one transaction (see the class comment). */
    public <E, R> Uni<Void> consume(String consumer, KafkaRecordBatch<String, String> batch, Class<E> type,
            Handler<E, R> handler) {
        return consume(consumer, batch, type, handler, (event, result) -> {
        });
    }

    /** Applies the batch in one transaction (see the class comment), then tells {@code applied} what it did. */
    public <E, R> Uni<Void> consume(String consumer, KafkaRecordBatch<String, String> batch, Class<E> type,
            Handler<E, R> handler, Applied<E, R> applied) {
        return run(consumer, batch, type, parsed -> inOneTransaction(consumer, parsed, handler), applied);
    }

    /**
     * Applies the records one after the other, each on its own (its own transactions, if any, are the handler's):
     * for consumers whose work must not share a transaction, such as a send to WhatsApp that waits on a rate limit.
     * Retries are the handler's to decide; a record whose handling fails is dead-lettered.
     */
    public <E, R> Uni<Void> consumeEach(String consumer, KafkaRecordBatch<String, String> batch, Class<E> type,
            Function<E, Uni<R>> handler, Applied<E, R> applied) {
        return run(consumer, batch, type, parsed -> oneByOne(consumer, parsed,
                event -> Uni.createFrom().deferred(() -> handler.apply(event))), applied);
    }


    private <E, R> Uni<Void> run(String consumer, KafkaRecordBatch<String, String> batch, Class<E> type,
            Function<List<Parsed<E>>, Uni<List<R>>> apply, Applied<E, R> applied) {
        Timer.Sample sample = Timer.start(registry);
        List<Parsed<E>> parsed = new ArrayList<>();
        List<Uni<Void>> deadLetters = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            try {
                parsed.add(new Parsed<>(record, JsonCodec.read(record.getPayload(), type)));
            } catch (RuntimeException malformed) {
                deadLetters.add(deadLetter(consumer, record, malformed));
            }
        }
        Uni<Void> rejected = deadLetters.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(deadLetters).andCollectFailures().replaceWithVoid();
        return rejected.chain(() -> parsed.isEmpty() ? Uni.createFrom().item(List.<R>of()) : apply.apply(parsed))
                .invoke(results -> {
                    int count = 0;
                    for (int i = 0; i < parsed.size(); i++) {
                        R result = results.get(i);
                        if (result != DEAD_LETTERED) {
                            count++;
                            applied.applied(parsed.get(i).event(), result);
                        }
                    }
                    registry.counter("atende.consumer.records", "consumer", consumer, "outcome", "applied")
                            .increment(count);
                    if (count > 0) {
                        relay.wake();
                    }
                    LOG.debugf("%s: batch of %d records, %d applied", consumer, batch.getRecords().size(), count);
                })
                .chain(() -> Uni.createFrom().completionStage(batch.ack()))
                .eventually(() -> sample.stop(registry.timer("atende.consumer.batch", "consumer", consumer)));
    }

    /** Stands for a record that was dead-lettered instead of applied (never handed to {@link Applied}). */
    private static final Object DEAD_LETTERED = new Object();

    private <E, R> Uni<List<R>> inOneTransaction(String consumer, List<Parsed<E>> parsed, Handler<E, R> handler) {
        Function<E, Uni<R>> alone = event -> Redelivery.withRetries(
                () -> handler.apply(List.of(event)).map(results -> results.get(0)));
        if (parsed.size() == 1) {
            return oneByOne(consumer, parsed, alone);
        }
        List<E> events = parsed.stream().map(Parsed::event).toList();
        return Uni.createFrom().deferred(() -> handler.apply(events))
                .onFailure(Redelivery::isOutage).invoke(Redelivery::noteOutage)
                .onFailure(Redelivery::isOutage).retry().withBackOff(Redelivery.FIRST_BACKOFF, Redelivery.MAX_OUTAGE_BACKOFF)
                .indefinitely()
                .invoke(Redelivery::noteRecovered)
                .invoke(results -> {
                    if (results.size() != events.size()) {
                        throw new IllegalStateException(results.size() + " results for " + events.size() + " events");
                    }
                })
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("%s: batch of %d failed (%s); applying its records one by one", consumer, parsed.size(),
                            failure.toString());
                    return oneByOne(consumer, parsed, alone);
                });
    }

    private <E, R> Uni<List<R>> oneByOne(String consumer, List<Parsed<E>> parsed, Function<E, Uni<R>> apply) {
        List<R> results = Collections.synchronizedList(new ArrayList<>(parsed.size()));
        return Multi.createFrom().iterable(parsed)
                .onItem().transformToUniAndConcatenate(one -> apply.apply(one.event())
                        .onFailure().recoverWithUni(failure -> deadLetter(consumer, one.record(), failure)
                                .map(done -> deadLetteredResult()))
                        .invoke(results::add)
                        .replaceWith(Boolean.TRUE))
                .collect().last()
                .map(done -> results);
    }

    @SuppressWarnings("unchecked")
    private static <R> R deadLetteredResult() {
        return (R) DEAD_LETTERED;
    }

    private Uni<Void> deadLetter(String consumer, KafkaRecord<String, String> record, Throwable reason) {
        registry.counter("atende.consumer.records", "consumer", consumer, "outcome", "dead-lettered").increment();
        LOG.warnf("%s: record %s-%d@%d (key %s) dead-lettered: %s", consumer, record.getTopic(), record.getPartition(),
                record.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L),
                record.getKey(), reason.toString());
        return Uni.createFrom().completionStage(() -> record.nack(reason));
    }
}
