package io.atende.sla.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.atende.contracts.JsonCodec;
import io.atende.contracts.Priority;
import io.atende.contracts.Topics;
import io.atende.contracts.sla.SlaBreached;
import io.atende.contracts.sla.SlaCancelled;
import io.atende.contracts.sla.SlaEvent;
import io.atende.contracts.sla.SlaMet;
import io.atende.contracts.sla.SlaPaused;
import io.atende.contracts.sla.SlaResumed;
import io.atende.contracts.sla.SlaTarget;
import io.atende.contracts.sla.SlaTimerStarted;
import io.atende.contracts.sla.SlaWarningRaised;
import io.atende.contracts.ticket.AgentReplied;
import io.atende.contracts.ticket.BotMessageSent;
import io.atende.contracts.ticket.CustomerMessageReceived;
import io.atende.contracts.ticket.TicketClosed;
import io.atende.contracts.ticket.TicketEvent;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.contracts.ticket.TicketReopened;
import io.atende.contracts.ticket.TicketResolved;
import io.atende.contracts.ticket.TicketSnapshot;
import io.atende.contracts.ticket.TicketStatus;
import io.atende.contracts.ticket.TicketWaitingOnCustomer;
import io.atende.platform.inbox.ProcessedEvents;
import io.atende.platform.outbox.Outbox;
import io.atende.sla.ParkedTicketEvent;
import io.atende.sla.SlaTicket;
import io.atende.sla.SlaTimer;
import io.atende.sla.config.SlaConfig;
import io.atende.sla.mapping.SlaTimerMapper;
import io.atende.sla.repository.ParkedTicketEventRepository;
import io.atende.sla.repository.SlaTicketRepository;
import io.atende.sla.repository.SlaTimerRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps the SLA timers: starts them from ticket events, pauses and resumes them while the ticket waits on the
 * customer, re-targets them when the department or priority changes, stops them when the measured response happens,
 * and fires warnings and breaches when their time comes. Every change and the event announcing it share one
 * transaction. The rules are stated in sla-service/README.md.
 */
@ApplicationScoped
public class SlaTimekeeper {

    static final String CONSUMER = "sla-service/ticket-events";
    private static final Logger LOG = Logger.getLogger(SlaTimekeeper.class);

    private final SlaTimerRepository timers;
    private final SlaTicketRepository tickets;
    private final ParkedTicketEventRepository parked;
    private final SlaPolicies policies;
    private final SlaTimerMapper mapper;
    private final ProcessedEvents processed;
    private final Outbox outbox;
    private final SlaConfig config;

    public SlaTimekeeper(SlaTimerRepository timers, SlaTicketRepository tickets, ParkedTicketEventRepository parked,
            SlaPolicies policies, SlaTimerMapper mapper, ProcessedEvents processed, Outbox outbox, SlaConfig config) {
        this.timers = timers;
        this.tickets = tickets;
        this.parked = parked;
        this.policies = policies;
        this.mapper = mapper;
        this.processed = processed;
        this.outbox = outbox;
        this.config = config;
    }

    /** Whether a ticket event can change a timer; bot messages never do and need no transaction at all. */
    public static boolean concerns(TicketEvent event) {
        return !(event instanceof BotMessageSent);
    }

    /**
     * What a poll's events touch, read once for the batch: their tickets, the tickets' running and paused timers
     * (locked, in id order: the clock skips them, and a ticket event waits for the clock's transaction instead of
     * overwriting its work), events parked for them, and the policies and calendars resolved so far. The events
     * change these entities in memory; the session writes them at the commit, so no event's work waits on a flush.
     */
    private final class Batch {

        final Map<UUID, SlaTicket> tickets = new HashMap<>();
        final Map<UUID, List<SlaTimer>> timers = new HashMap<>();
        final Map<UUID, List<ParkedTicketEvent>> parked = new HashMap<>();
        final Map<String, EffectivePolicy> policies = new HashMap<>();
        final Map<UUID, BusinessCalendar> calendars = new HashMap<>();

        /** The running and paused timers of the ticket's current cycle, by target and round. */
        List<SlaTimer> open(SlaTicket ticket) {
            return timers.getOrDefault(ticket.ticketId, List.of()).stream()
                    .filter(timer -> timer.cycle == ticket.cycle
                            && (timer.state == SlaTimer.State.RUNNING || timer.state == SlaTimer.State.PAUSED))
                    .sorted(Comparator.comparing((SlaTimer timer) -> timer.target).thenComparingInt(timer -> timer.round))
                    .toList();
        }

        void started(SlaTimer timer) {
            timers.computeIfAbsent(timer.ticketId, id -> new ArrayList<>()).add(timer);
        }

        Uni<EffectivePolicy> policy(UUID departmentId, Priority priority) {
            String key = departmentId + "/" + priority;
            EffectivePolicy known = policies.get(key);
            return known != null ? Uni.createFrom().item(known)
                    : SlaTimekeeper.this.policies.resolve(departmentId, priority).invoke(policy -> policies.put(key, policy));
        }

        Uni<BusinessCalendar> calendar(UUID calendarId) {
            BusinessCalendar known = calendars.get(calendarId);
            return known != null ? Uni.createFrom().item(known)
                    : SlaTimekeeper.this.policies.calendar(calendarId).invoke(calendar -> calendars.put(calendarId, calendar));
        }
    }

    /**
     * Applies a poll's ticket events, in order, each once however often it is delivered, in one transaction of its
     * own: one statement records the batch in the de-dup log, three read what it touches (see {@link Batch}).
     */
    @WithTransaction
    public Uni<List<Void>> applyAll(List<TicketEvent> events) {
        List<TicketEvent> concerning = events.stream().filter(SlaTimekeeper::concerns).toList();
        return processed.firstDeliveries(CONSUMER, concerning.stream().map(TicketEvent::eventId).distinct().toList())
                .flatMap(fresh -> {
                    List<TicketEvent> first = ProcessedEvents.firstOnly(concerning, TicketEvent::eventId, fresh);
                    return first.isEmpty() ? none() : load(first).flatMap(batch -> forEach(first,
                            event -> applyFirst(batch, event)));
                })
                .replaceWith(() -> Collections.nCopies(events.size(), (Void) null));
    }

    /** Applies a ticket event once, however often it is delivered. */
    @WithTransaction
    public Uni<Void> apply(TicketEvent event) {
        return applyAll(List.of(event)).replaceWithVoid();
    }

    private Uni<Batch> load(List<TicketEvent> events) {
        List<UUID> ticketIds = events.stream().map(event -> event.ticket().id()).distinct().toList();
        Batch batch = new Batch();
        return tickets.list("ticketId in ?1", ticketIds)
                .invoke(found -> found.forEach(ticket -> batch.tickets.put(ticket.ticketId, ticket)))
                .chain(() -> timers.openOfTicketsLocked(ticketIds))
                .invoke(open -> open.forEach(batch::started))
                .chain(() -> parked.ofTickets(ticketIds))
                .invoke(rows -> rows.forEach(row -> batch.parked.computeIfAbsent(row.ticketId, id -> new ArrayList<>())
                        .add(row)))
                .replaceWith(batch);
    }

    private Uni<Void> applyFirst(Batch batch, TicketEvent event) {
        SlaTicket ticket = batch.tickets.get(event.ticket().id());
        if (event instanceof TicketOpened opened) {
            // A ticket opens once: a second TicketOpened (republished under a new event id) changes nothing.
            return ticket == null ? open(batch, opened) : Uni.createFrom().voidItem();
        }
        if (ticket == null) {
            return park(batch, event);
        }
        return applyKnown(batch, ticket, event);
    }

    private Uni<Void> park(Batch batch, TicketEvent event) {
        LOG.debugf("parking %s of ticket %s until its TicketOpened arrives", event.getClass().getSimpleName(),
                event.ticket().id());
        ParkedTicketEvent row = new ParkedTicketEvent();
        row.eventId = event.eventId();
        row.ticketId = event.ticket().id();
        row.occurredAt = event.occurredAt();
        row.payload = JsonCodec.write(event);
        row.parkedAt = Instant.now();
        batch.parked.computeIfAbsent(row.ticketId, id -> new ArrayList<>()).add(row);
        return parked.persist(row).replaceWithVoid();
    }

    private Uni<Void> open(Batch batch, TicketOpened opened) {
        TicketSnapshot snapshot = opened.ticket();
        SlaTicket ticket = new SlaTicket();
        ticket.ticketId = snapshot.id();
        ticket.ticketNumber = snapshot.number();
        ticket.cycle = 1;
        ticket.cycleStartedAt = snapshot.openedAt();
        copyDimensions(ticket, snapshot);
        batch.tickets.put(ticket.ticketId, ticket);
        List<ParkedTicketEvent> waiting = batch.parked.getOrDefault(ticket.ticketId, List.of()).stream()
                .sorted(Comparator.comparing((ParkedTicketEvent row) -> row.occurredAt)).toList();
        batch.parked.remove(ticket.ticketId);
        return tickets.persist(ticket)
                .flatMap(saved -> startCycle(batch, ticket, snapshot.openedAt()))
                .flatMap(started -> forEach(waiting, row -> applyKnown(batch, ticket,
                        JsonCodec.read(row.payload, TicketEvent.class)).flatMap(done -> parked.delete(row))));
    }

    private Uni<Void> startCycle(Batch batch, SlaTicket ticket, Instant at) {
        return batch.policy(ticket.departmentId, ticket.priority).flatMap(policy -> {
            ticket.policyId = policy.policyId();
            return start(batch, ticket, SlaTarget.FIRST_RESPONSE, 1, at, policy)
                    .flatMap(done -> start(batch, ticket, SlaTarget.RESOLUTION, 1, at, policy));
        });
    }

    private Uni<Void> applyKnown(Batch batch, SlaTicket ticket, TicketEvent event) {
        Instant at = event.occurredAt();
        if (at.isBefore(ticket.cycleStartedAt)) {
            // Belongs to an earlier cycle (arrived after the reopen): it must not touch the new cycle's timers.
            LOG.debugf("ignoring %s of ticket %s: it happened before the current cycle", event.getClass().getSimpleName(),
                    ticket.ticketId);
            return Uni.createFrom().voidItem();
        }
        return followDimensions(batch, ticket, event.ticket(), at, batch.open(ticket))
                .flatMap(open -> switch (event) {
                    case AgentReplied reply -> {
                        ticket.repliedInCycle = true;
                        yield forEach(open, timer -> timer.target == SlaTarget.RESOLUTION ? none() : stop(batch, timer, at));
                    }
                    case CustomerMessageReceived message -> resumeIfWaiting(batch, ticket, open, at)
                            .flatMap(done -> ticket.repliedInCycle && message.ticket().status().isActive()
                                    && open.stream().noneMatch(timer -> timer.target == SlaTarget.NEXT_RESPONSE)
                                            ? startNextResponse(batch, ticket, at) : none());
                    case TicketWaitingOnCustomer waiting -> {
                        if (ticket.waitingOnCustomer) {
                            yield none();
                        }
                        ticket.waitingOnCustomer = true;
                        yield forEach(open, timer -> timer.state == SlaTimer.State.RUNNING ? pause(batch, timer, at) : none());
                    }
                    case TicketResolved resolved -> {
                        ticket.waitingOnCustomer = false;
                        yield forEach(open, timer -> timer.target == SlaTarget.RESOLUTION ? stop(batch, timer, at)
                                : cancel(batch, timer, at, "ticket resolved"));
                    }
                    case TicketClosed closed -> {
                        ticket.waitingOnCustomer = false;
                        yield forEach(open, timer -> cancel(batch, timer, at, "ticket closed"));
                    }
                    case TicketReopened reopened -> {
                        if (!at.isAfter(ticket.cycleStartedAt)) {
                            yield none();
                        }
                        yield forEach(open, timer -> cancel(batch, timer, at, "ticket reopened")).flatMap(done -> {
                            ticket.cycle++;
                            ticket.cycleStartedAt = at;
                            ticket.repliedInCycle = false;
                            ticket.waitingOnCustomer = false;
                            return startCycle(batch, ticket, at);
                        });
                    }
                    default -> {
                        // Transfers, priority changes, routing, assignment: dimensions only (done above). A status
                        // back to QUEUED/OPEN while waiting on the customer also ends the wait.
                        TicketStatus status = event.ticket().status();
                        yield status == TicketStatus.QUEUED || status == TicketStatus.OPEN
                                ? resumeIfWaiting(batch, ticket, open, at) : none();
                    }
                })
                .invoke(() -> ticket.status = event.ticket().status());
    }

    /**
     * The re-targeting rule: when an event shows another department or priority, the ticket takes the new
     * dimensions; if that changes the policy that applies, every open timer is cancelled ("re-targeted") and replaced
     * by one under the new policy that keeps its start and the time already counted, and counts from now on in the
     * new policy's calendar toward the new target. Returns the open timers after the change.
     */
    private Uni<List<SlaTimer>> followDimensions(Batch batch, SlaTicket ticket, TicketSnapshot snapshot, Instant at,
            List<SlaTimer> open) {
        boolean moved = !Objects.equals(ticket.departmentId, snapshot.departmentId()) || ticket.priority != snapshot.priority();
        boolean reassigned = !Objects.equals(ticket.assigneeId, snapshot.assigneeId());
        copyDimensions(ticket, snapshot);
        if (reassigned && !moved) {
            open.forEach(timer -> timer.assigneeId = snapshot.assigneeId());
        }
        if (!moved) {
            return Uni.createFrom().item(open);
        }
        return batch.policy(ticket.departmentId, ticket.priority).flatMap(policy -> {
            if (Objects.equals(policy.policyId(), ticket.policyId)) {
                open.forEach(timer -> copyDimensions(timer, ticket));
                return Uni.createFrom().item(open);
            }
            ticket.policyId = policy.policyId();
            return Multi.createFrom().iterable(open).onItem()
                    .transformToUniAndConcatenate(timer -> retarget(batch, ticket, timer, policy, at))
                    .collect().asList();
        });
    }

    private Uni<SlaTimer> retarget(Batch batch, SlaTicket ticket, SlaTimer old, EffectivePolicy policy, Instant at) {
        return batch.calendar(old.calendarId).flatMap(oldCalendar -> catchUp(old, at).flatMap(caughtUp -> {
            long counted = elapsedMillis(old, oldCalendar, at);
            SlaTimer.State state = old.state;
            old.countedMillis = counted;
            old.state = SlaTimer.State.CANCELLED;
            old.stoppedAt = at;
            String reason = "re-targeted under " + (policy.policyId() == null ? "the default policy" : "policy " + policy.policyId());
            return publish(new SlaCancelled(UUID.randomUUID(), at, mapper.snapshot(old), reason)).flatMap(done -> {
                SlaTimer timer = newTimer(ticket, old.target, old.round + 1, old.startedAt, policy);
                timer.countedMillis = counted;
                timer.segmentStartedAt = at;
                timer.warned = old.warned;
                timer.breached = old.breached;
                schedule(timer, policy.calendar());
                if (state == SlaTimer.State.PAUSED) {
                    timer.state = SlaTimer.State.PAUSED;
                    timer.pausedAt = at;
                }
                batch.started(timer);
                return timers.persist(timer).flatMap(saved -> publish(new SlaTimerStarted(UUID.randomUUID(), at,
                        mapper.snapshot(timer)))).replaceWith(timer);
            });
        }));
    }

    private Uni<Void> startNextResponse(Batch batch, SlaTicket ticket, Instant at) {
        return timers.maxRound(ticket.ticketId, SlaTarget.NEXT_RESPONSE, ticket.cycle)
                .flatMap(round -> batch.policy(ticket.departmentId, ticket.priority)
                        .flatMap(policy -> start(batch, ticket, SlaTarget.NEXT_RESPONSE, round + 1, at, policy)));
    }

    private Uni<Void> start(Batch batch, SlaTicket ticket, SlaTarget target, int round, Instant at,
            EffectivePolicy policy) {
        SlaTimer timer = newTimer(ticket, target, round, at, policy);
        timer.segmentStartedAt = at;
        schedule(timer, policy.calendar());
        batch.started(timer);
        return timers.persist(timer)
                .flatMap(saved -> publish(new SlaTimerStarted(UUID.randomUUID(), at, mapper.snapshot(timer))));
    }

    private SlaTimer newTimer(SlaTicket ticket, SlaTarget target, int round, Instant startedAt, EffectivePolicy policy) {
        SlaTimer timer = new SlaTimer();
        timer.id = UUID.randomUUID();
        timer.ticketId = ticket.ticketId;
        timer.ticketNumber = ticket.ticketNumber;
        timer.cycle = ticket.cycle;
        timer.round = round;
        timer.target = target;
        copyDimensions(timer, ticket);
        timer.policyId = policy.policyId();
        timer.calendarId = policy.calendarId();
        timer.businessHours = policy.calendarId() != null;
        timer.targetSeconds = policy.target(target).toSeconds();
        timer.warnPercent = policy.warningPercent();
        timer.startedAt = startedAt;
        timer.state = SlaTimer.State.RUNNING;
        return timer;
    }

    /** Due and warning times from the current segment: what is left of the target, in the timer's calendar. */
    private static void schedule(SlaTimer timer, BusinessCalendar calendar) {
        long targetMillis = timer.targetSeconds * 1000;
        long warnMillis = targetMillis * timer.warnPercent / 100;
        timer.dueAt = calendar.addBusinessTime(timer.segmentStartedAt,
                Duration.ofMillis(Math.max(0, targetMillis - timer.countedMillis)));
        timer.warnAt = calendar.addBusinessTime(timer.segmentStartedAt,
                Duration.ofMillis(Math.max(0, warnMillis - timer.countedMillis)));
    }

    static long elapsedMillis(SlaTimer timer, BusinessCalendar calendar, Instant at) {
        if (timer.state != SlaTimer.State.RUNNING) {
            return timer.countedMillis;
        }
        return timer.countedMillis + calendar.businessTimeBetween(timer.segmentStartedAt, at).toMillis();
    }

    private Uni<Void> stop(Batch batch, SlaTimer timer, Instant at) {
        return batch.calendar(timer.calendarId).flatMap(calendar -> catchUp(timer, at).flatMap(done -> {
            timer.countedMillis = elapsedMillis(timer, calendar, at);
            long elapsed = timer.countedMillis / 1000;
            timer.state = SlaTimer.State.STOPPED;
            timer.stoppedAt = at;
            return publish(new SlaMet(UUID.randomUUID(), at, mapper.snapshot(timer), elapsed, timer.breached));
        }));
    }

    private Uni<Void> cancel(Batch batch, SlaTimer timer, Instant at, String reason) {
        return batch.calendar(timer.calendarId).flatMap(calendar -> catchUp(timer, at).flatMap(done -> {
            timer.countedMillis = elapsedMillis(timer, calendar, at);
            timer.state = SlaTimer.State.CANCELLED;
            timer.stoppedAt = at;
            return publish(new SlaCancelled(UUID.randomUUID(), at, mapper.snapshot(timer), reason));
        }));
    }

    private Uni<Void> pause(Batch batch, SlaTimer timer, Instant at) {
        return batch.calendar(timer.calendarId).flatMap(calendar -> catchUp(timer, at).flatMap(done -> {
            timer.countedMillis = elapsedMillis(timer, calendar, at);
            timer.state = SlaTimer.State.PAUSED;
            timer.pausedAt = at;
            return publish(new SlaPaused(UUID.randomUUID(), at, mapper.snapshot(timer)));
        }));
    }

    private Uni<Void> resumeIfWaiting(Batch batch, SlaTicket ticket, List<SlaTimer> open, Instant at) {
        if (!ticket.waitingOnCustomer) {
            return none();
        }
        ticket.waitingOnCustomer = false;
        return forEach(open, timer -> timer.state != SlaTimer.State.PAUSED ? none()
                : batch.calendar(timer.calendarId).flatMap(calendar -> {
                    Instant pausedAt = timer.pausedAt;
                    timer.state = SlaTimer.State.RUNNING;
                    timer.pausedAt = null;
                    timer.segmentStartedAt = at.isBefore(pausedAt) ? pausedAt : at;
                    Instant dueAt = timer.dueAt;
                    schedule(timer, calendar);
                    if (timer.breached) {
                        timer.dueAt = dueAt; // a breach is not undone: the snapshot keeps the breached due time
                    }
                    return publish(new SlaResumed(UUID.randomUUID(), at, mapper.snapshot(timer)));
                }));
    }

    /**
     * A running timer whose warning or due time passed before the clock fired (the tick's lag) gets its warning
     * and breach before it is stopped, paused, cancelled or re-targeted: they happened.
     */
    private Uni<Void> catchUp(SlaTimer timer, Instant at) {
        if (timer.state != SlaTimer.State.RUNNING) {
            return none();
        }
        Uni<Void> warning = none();
        if (!timer.warned && !timer.breached && at.isAfter(timer.warnAt)) {
            timer.warned = true;
            warning = publish(new SlaWarningRaised(UUID.randomUUID(), timer.warnAt, mapper.snapshot(timer),
                    timer.warnPercent));
        }
        return warning.flatMap(done -> !timer.breached && at.isAfter(timer.dueAt) ? breach(timer) : none());
    }

    /**
     * Fires the warnings and breaches due by {@code now}, at most one batch; returns how many timers it handled so
     * the caller knows whether to run again at once.
     */
    @WithTransaction
    public Uni<Integer> fireDue(Instant now) {
        return timers.lockDue(now, config.batchSize()).flatMap(due -> Multi.createFrom().iterable(due)
                .onItem().transformToUniAndConcatenate(timer -> {
                    Uni<Void> warning = none();
                    if (!timer.warned && !timer.warnAt.isAfter(now)) {
                        timer.warned = true;
                        warning = publish(new SlaWarningRaised(UUID.randomUUID(), timer.warnAt, mapper.snapshot(timer),
                                timer.warnPercent));
                    }
                    return warning.flatMap(done -> !timer.breached && !timer.dueAt.isAfter(now) ? breach(timer) : none());
                })
                // The Unis are void, so the stream carries no items: count the locked rows, not what it emits.
                .collect().last()
                .replaceWith(due.size()));
    }

    private Uni<Void> breach(SlaTimer timer) {
        timer.breached = true;
        timer.warned = true;
        return publish(new SlaBreached(UUID.randomUUID(), timer.dueAt, mapper.snapshot(timer)));
    }

    private static void copyDimensions(SlaTicket ticket, TicketSnapshot snapshot) {
        ticket.departmentId = snapshot.departmentId();
        ticket.assigneeId = snapshot.assigneeId();
        ticket.priority = snapshot.priority();
        ticket.channelId = snapshot.channel().id();
        ticket.status = snapshot.status();
    }

    private static void copyDimensions(SlaTimer timer, SlaTicket ticket) {
        timer.departmentId = ticket.departmentId;
        timer.assigneeId = ticket.assigneeId;
        timer.priority = ticket.priority;
        timer.channelId = ticket.channelId;
    }

    private static <T> Uni<Void> forEach(List<T> items, Function<T, Uni<Void>> action) {
        return Multi.createFrom().iterable(items).onItem().transformToUniAndConcatenate(action::apply)
                .collect().asList().replaceWithVoid();
    }

    private static Uni<Void> none() {
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> publish(SlaEvent event) {
        return outbox.publish(Topics.SLA_EVENTS, event);
    }
}
