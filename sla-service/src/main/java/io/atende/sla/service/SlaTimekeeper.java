package io.atende.sla.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import io.atende.contracts.Topics;
import io.atende.contracts.sla.SlaBreached;
import io.atende.contracts.sla.SlaCancelled;
import io.atende.contracts.sla.SlaEvent;
import io.atende.contracts.sla.SlaMet;
import io.atende.contracts.sla.SlaTarget;
import io.atende.contracts.sla.SlaTimerStarted;
import io.atende.contracts.sla.SlaWarningRaised;
import io.atende.contracts.ticket.AgentReplied;
import io.atende.contracts.ticket.TicketClosed;
import io.atende.contracts.ticket.TicketEvent;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.contracts.ticket.TicketResolved;
import io.atende.contracts.ticket.TicketSnapshot;
import io.atende.platform.inbox.ProcessedEvents;
import io.atende.platform.outbox.Outbox;
import io.atende.sla.SlaTimer;
import io.atende.sla.config.SlaConfig;
import io.atende.sla.mapping.SlaTimerMapper;
import io.atende.sla.repository.SlaTimerRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps the SLA timers: starts them from ticket events, stops them when the measured response happens, and fires
 * warnings and breaches when their time comes. Every change and the event announcing it share one transaction.
 */
@ApplicationScoped
public class SlaTimekeeper {

    static final String CONSUMER = "sla-service/ticket-events";

    private final SlaTimerRepository timers;
    private final SlaTimerMapper mapper;
    private final ProcessedEvents processed;
    private final Outbox outbox;
    private final SlaConfig config;

    public SlaTimekeeper(SlaTimerRepository timers, SlaTimerMapper mapper, ProcessedEvents processed, Outbox outbox,
            SlaConfig config) {
        this.timers = timers;
        this.mapper = mapper;
        this.processed = processed;
        this.outbox = outbox;
        this.config = config;
    }

    /** Whether a ticket event starts, stops or cancels a timer; the others need no transaction at all. */
    public static boolean concerns(TicketEvent event) {
        return event instanceof TicketOpened || event instanceof AgentReplied || event instanceof TicketResolved
                || event instanceof TicketClosed;
    }

    /** Applies a ticket event once, however often it is delivered. */
    @WithTransaction
    public Uni<Void> apply(TicketEvent event) {
        return processed.firstDelivery(CONSUMER, event.eventId())
                .flatMap(first -> first ? applyFirst(event) : Uni.createFrom().voidItem());
    }

    private Uni<Void> applyFirst(TicketEvent event) {
        return switch (event) {
            case TicketOpened opened -> start(opened.ticket(), SlaTarget.FIRST_RESPONSE, config.firstResponse());
            case AgentReplied reply -> stop(reply.ticket().id(), SlaTarget.FIRST_RESPONSE, reply.occurredAt());
            case TicketResolved resolved -> cancelRunning(resolved.ticket().id(), resolved.occurredAt(), "ticket resolved");
            case TicketClosed closed -> cancelRunning(closed.ticket().id(), closed.occurredAt(), "ticket closed");
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> start(TicketSnapshot ticket, SlaTarget target, Duration duration) {
        // A ticket opens once: a second TicketOpened (republished under a new event id) finds its cycle started.
        return timers.currentCycle(ticket.id())
                .flatMap(cycle -> cycle > 0 ? Uni.createFrom().voidItem() : create(ticket, target, duration, 1));
    }

    private Uni<Void> create(TicketSnapshot ticket, SlaTarget target, Duration duration, int cycle) {
        SlaTimer timer = new SlaTimer();
        timer.id = UUID.randomUUID();
        timer.ticketId = ticket.id();
        timer.ticketNumber = ticket.number();
        timer.cycle = cycle;
        timer.target = target;
        timer.departmentId = ticket.departmentId();
        timer.assigneeId = ticket.assigneeId();
        timer.priority = ticket.priority();
        timer.channelId = ticket.channel().id();
        timer.targetSeconds = duration.toSeconds();
        timer.warnPercent = config.warningPercent();
        timer.startedAt = ticket.openedAt();
        timer.dueAt = timer.startedAt.plus(duration);
        timer.warnAt = timer.startedAt.plus(duration.multipliedBy(timer.warnPercent).dividedBy(100));
        timer.state = SlaTimer.State.RUNNING;
        return timers.persist(timer)
                .flatMap(saved -> publish(new SlaTimerStarted(UUID.randomUUID(), timer.startedAt, mapper.snapshot(timer))));
    }

    private Uni<Void> stop(UUID ticketId, SlaTarget target, Instant at) {
        return forEach(timers.running(ticketId, target), timer -> {
            timer.state = SlaTimer.State.STOPPED;
            timer.stoppedAt = at;
            // A reply that came after the due time is a breach even if the clock had not fired yet.
            Uni<Void> lateBreach = !timer.breached && at.isAfter(timer.dueAt) ? breach(timer) : Uni.createFrom().voidItem();
            long elapsed = Duration.between(timer.startedAt, at).toSeconds();
            return lateBreach.flatMap(done -> publish(
                    new SlaMet(UUID.randomUUID(), at, mapper.snapshot(timer), elapsed, timer.breached)));
        });
    }

    private Uni<Void> cancelRunning(UUID ticketId, Instant at, String reason) {
        return forEach(timers.allRunning(ticketId), timer -> {
            timer.state = SlaTimer.State.CANCELLED;
            timer.stoppedAt = at;
            return publish(new SlaCancelled(UUID.randomUUID(), at, mapper.snapshot(timer), reason));
        });
    }

    /**
     * Fires the warnings and breaches due by {@code now}, at most one batch; returns how many timers it handled so
     * the caller knows whether to run again at once.
     */
    @WithTransaction
    public Uni<Integer> fireDue(Instant now) {
        return timers.lockDue(now, config.batchSize()).flatMap(due -> Multi.createFrom().iterable(due)
                .onItem().transformToUniAndConcatenate(timer -> {
                    Uni<Void> warning = Uni.createFrom().voidItem();
                    if (!timer.warned && !timer.warnAt.isAfter(now)) {
                        timer.warned = true;
                        warning = publish(new SlaWarningRaised(UUID.randomUUID(), timer.warnAt, mapper.snapshot(timer),
                                timer.warnPercent));
                    }
                    return warning.flatMap(done -> !timer.breached && !timer.dueAt.isAfter(now) ? breach(timer)
                            : Uni.createFrom().voidItem());
                })
                .collect().asList()
                .map(List::size));
    }

    private Uni<Void> breach(SlaTimer timer) {
        timer.breached = true;
        timer.warned = true;
        return publish(new SlaBreached(UUID.randomUUID(), timer.dueAt, mapper.snapshot(timer)));
    }

    private static Uni<Void> forEach(Uni<List<SlaTimer>> found, Function<SlaTimer, Uni<Void>> action) {
        return found.flatMap(list -> Multi.createFrom().iterable(list).onItem().transformToUniAndConcatenate(action::apply)
                .collect().asList().replaceWithVoid());
    }

    private Uni<Void> publish(SlaEvent event) {
        return outbox.publish(Topics.SLA_EVENTS, event);
    }
}
