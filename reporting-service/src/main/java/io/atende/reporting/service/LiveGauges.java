package io.atende.reporting.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.atende.contracts.ticket.TicketStatus;
import io.atende.reporting.repository.ReportQueries;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The live figures as Prometheus gauges: tickets per status and the age of the oldest one per status. */
@ApplicationScoped
public class LiveGauges {

    private static final Logger LOG = Logger.getLogger(LiveGauges.class);

    private final ReportQueries queries;
    private final Map<String, AtomicLong> tickets = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> oldestAge = new ConcurrentHashMap<>();

    public LiveGauges(ReportQueries queries, MeterRegistry registry) {
        this.queries = queries;
        for (TicketStatus status : TicketStatus.values()) {
            tickets.put(status.name(), new AtomicLong());
            oldestAge.put(status.name(), new AtomicLong());
            Gauge.builder("atende.reporting.tickets", tickets.get(status.name()), AtomicLong::get)
                    .description("tickets by status, from the read models").tag("status", status.name())
                    .register(registry);
            Gauge.builder("atende.reporting.oldest.ticket.age.seconds", oldestAge.get(status.name()), AtomicLong::get)
                    .description("age of the oldest ticket in each status").tag("status", status.name())
                    .register(registry);
        }
    }

    @Scheduled(every = "${atende.reporting.gauge-refresh:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return queries.liveCounts().invoke(rows -> {
            tickets.values().forEach(value -> value.set(0));
            oldestAge.values().forEach(value -> value.set(0));
            rows.forEach(row -> {
                String status = (String) row.get("status");
                tickets.computeIfAbsent(status, s -> new AtomicLong()).set(((Number) row.get("tickets")).longValue());
                Object age = row.get("oldest_age_seconds");
                oldestAge.computeIfAbsent(status, s -> new AtomicLong())
                        .set(age == null ? 0 : ((Number) age).longValue());
            });
        }).replaceWithVoid().onFailure().invoke(e -> LOG.warnf("gauge refresh failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }
}
