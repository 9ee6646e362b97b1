package io.atende.sla.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.atende.contracts.Topics;
import io.atende.sla.ParkedTicketEvent;
import io.atende.sla.config.SlaConfig;
import io.atende.sla.repository.ParkedTicketEventRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Parked ticket events whose {@code TicketOpened} has not come within the retention will not get one (ticketing
 * publishes it before any other event of the ticket): they go to {@code ticket.events.v1.dlq}, with the reason, for
 * an operator to look at, and leave the parking table, which would otherwise only grow. Sent first, deleted after the
 * broker's ack: a crash in between sends a row twice, never loses it.
 */
@ApplicationScoped
public class ParkedEventExpiry {

    public static final String CHANNEL = "parked-ticket-events-expired";
    private static final Logger LOG = Logger.getLogger(ParkedEventExpiry.class);
    private static final int BATCH = 500;

    private final ParkedTicketEventRepository parked;
    private final MutinyEmitter<String> deadLetters;
    private final SlaConfig config;
    private final Counter expired;

    public ParkedEventExpiry(ParkedTicketEventRepository parked, @Channel(CHANNEL) MutinyEmitter<String> deadLetters,
            SlaConfig config, MeterRegistry registry) {
        this.parked = parked;
        this.deadLetters = deadLetters;
        this.config = config;
        this.expired = Counter.builder("atende.sla.parked.expired")
                .description("parked ticket events dead-lettered because their TicketOpened never came")
                .register(registry);
    }

    @Scheduled(every = "${atende.sla.parked-sweep:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return expire(Instant.now()).replaceWithVoid()
                .onFailure().invoke(failure -> LOG.warnf(failure, "expiring parked ticket events failed; the next sweep retries"))
                .onFailure().recoverWithNull();
    }

    /** Dead-letters and forgets one batch of the events parked longer than the retention at {@code now}. */
    @WithTransaction
    public Uni<Integer> expire(Instant now) {
        Instant parkedBefore = now.minus(config.parkedRetention());
        return parked.lockParkedBefore(parkedBefore, BATCH).flatMap(rows -> {
            if (rows.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<Uni<Void>> acks = rows.stream().map(this::deadLetter).toList();
            List<UUID> ids = rows.stream().map(row -> row.eventId).toList();
            return Uni.join().all(acks).andFailFast()
                    .flatMap(sent -> parked.delete("eventId in ?1", ids))
                    .invoke(() -> {
                        expired.increment(rows.size());
                        rows.forEach(row -> LOG.warnf("ticket %s: parked event %s dead-lettered, its TicketOpened never came",
                                row.ticketId, row.eventId));
                    })
                    .replaceWith(rows.size());
        });
    }

    private Uni<Void> deadLetter(ParkedTicketEvent row) {
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(row.ticketId.toString())
                .withHeaders(List.of(
                        header("dead-letter-reason", "ticket " + row.ticketId + " never opened: parked since "
                                + row.parkedAt + ", longer than " + config.parkedRetention()),
                        header("dead-letter-topic", Topics.TICKET_EVENTS)))
                .build();
        return deadLetters.sendMessage(Message.of(row.payload).addMetadata(kafka));
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
