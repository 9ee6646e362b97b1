package io.atende.reporting.service;

import io.atende.contracts.sla.SlaBreached;
import io.atende.contracts.sla.SlaEvent;
import io.atende.contracts.ticket.TicketEvent;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.reporting.repository.ReadModelRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Folds ticket and SLA events into the read models. */
@ApplicationScoped
public class ReadModelUpdater {

    private final ReadModelRepository readModels;

    public ReadModelUpdater(ReadModelRepository readModels) {
        this.readModels = readModels;
    }

    /** Whether an event changes a read model; the others need no transaction at all. */
    public static boolean concerns(Object event) {
        return event instanceof TicketOpened || event instanceof SlaBreached;
    }

    @WithTransaction
    public Uni<Void> apply(TicketEvent event) {
        if (event instanceof TicketOpened opened) {
            return readModels.recordOpened(opened.ticket());
        }
        return Uni.createFrom().voidItem();
    }

    @WithTransaction
    public Uni<Void> apply(SlaEvent event) {
        if (event instanceof SlaBreached breached) {
            return readModels.recordBreach(breached.timer(), breached.occurredAt());
        }
        return Uni.createFrom().voidItem();
    }
}
