package io.atende.ticketing.service;

import java.time.Instant;

import org.jboss.logging.Logger;

import io.atende.platform.outbox.OutboxRelay;
import io.atende.ticketing.repository.TicketRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Falls unanswered menus back to the channel's default department. The overdue tickets are locked with
 * {@code FOR UPDATE SKIP LOCKED}, so replicas never route the same ticket twice; the routing event is dated at the
 * menu's deadline, not when the check noticed it.
 */
@ApplicationScoped
public class MenuTimeouts {

    private static final Logger LOG = Logger.getLogger(MenuTimeouts.class);
    private static final int BATCH = 100;

    private final TicketRepository tickets;
    private final Routing routing;
    private final OutboxRelay relay;

    public MenuTimeouts(TicketRepository tickets, Routing routing, OutboxRelay relay) {
        this.tickets = tickets;
        this.routing = routing;
        this.relay = relay;
    }

    @Scheduled(every = "${atende.ticketing.menu-check:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> check() {
        return fallBackOverdue(Instant.now())
                .invoke(count -> {
                    if (count > 0) {
                        relay.wake();
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf(failure, "menu timeout check failed; the next check retries"))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    @WithTransaction
    public Uni<Integer> fallBackOverdue(Instant now) {
        return tickets.overdueMenusLocked(now, BATCH).flatMap(overdue -> Multi.createFrom().iterable(overdue)
                .onItem().transformToUniAndConcatenate(routing::timeOut).collect().asList()
                .map(done -> overdue.size()));
    }
}
