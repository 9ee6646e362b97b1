package io.atende.sla.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.atende.contracts.JsonCodec;
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
import io.atende.platform.persistence.SqlBatch;
import io.atende.sla.ParkedTicketEvent;
import io.atende.sla.SlaTicket;
import io.atende.sla.SlaTimer;
import io.atende.sla.config.SlaConfig;
import io.atende.sla.mapping.SlaTimerMapper;
import io.atende.sla.repository.SlaTimerRepository;
import io.atende.sla.repository.TimerStatements;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps the SLA timers: starts them from ticket events, pauses and resumes them while the ticket waits on the
 * customer, re-targets them when the department or priority changes, stops them when the measured response happens,
 * and fires warnings and breaches when their time comes. Every change and the event announcing it share one
 * transaction. The rules are stated in sla-service/README.md.
 * <p>
 * A batch of ticket events runs on the reactive client in three round trips: one pipelined read of everything the
 * batch touches (with its de-dup insert), the decisions made in memory event by event, one pipelined write of the
 * changed rows (a multi-row statement per table) and of the announcing events. The clock ({@link #fireDue}) stays on
 * Hibernate: it changes a few hundred locked rows per transaction.
 */
@ApplicationScoped
public class SlaTimekeeper {

    static final String CONSUMER = "sla-service/ticket-events";
    private static final Logger LOG = Logger.getLogger(SlaTimekeeper.class);

    private final Pool pool;
    private final TimerStatements statements;
    private final SlaTimerRepository timers;
    private final SlaPolicies policies;
    private final SlaTimerMapper mapper;
    private final ProcessedEvents processed;
    private final Outbox outbox;
    private final SlaConfig config;

    public SlaTimekeeper(Pool pool, TimerStatements statements, SlaTimerRepository timers, SlaPolicies policies,
            SlaTimerMapper mapper, ProcessedEvents processed, Outbox outbox, SlaConfig config) {
        this.pool = pool;
        this.statements = statements;
        this.timers = timers;
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
     * overwriting its work), their next-response rounds, events parked for them, and the policies and calendars.
     * The events change these objects in memory and note what they changed; {@link #write} stores it.
     */
    private final class Batch {

        final Map<UUID, SlaTicket> tickets = new HashMap<>();
        final Map<UUID, List<SlaTimer>> timers = new HashMap<>();
        final Map<String, Integer> nextResponseRounds;
        final Map<UUID, List<ParkedTicketEvent>> parked = new HashMap<>();
        final PolicyBook policies;
        final Map<UUID, SlaTicket> changedTickets = new LinkedHashMap<>();
        final Map<UUID, SlaTimer> changedTimers = new LinkedHashMap<>();
        final Map<UUID, ParkedTicketEvent> newlyParked = new LinkedHashMap<>();
        final List<UUID> unparked = new ArrayList<>();
        final List<Outbox.Entry> events = new ArrayList<>();

        Batch(List<SlaTicket> tickets, List<SlaTimer> open, Map<String, Integer> nextResponseRounds,
                List<ParkedTicketEvent> parked, PolicyBook policies) {
            tickets.forEach(ticket -> this.tickets.put(ticket.ticketId, ticket));
            open.forEach(timer -> this.timers.computeIfAbsent(timer.ticketId, id -> new ArrayList<>()).add(timer));
            this.nextResponseRounds = nextResponseRounds;
            parked.forEach(row -> this.parked.computeIfAbsent(row.ticketId, id -> new ArrayList<>()).add(row));
            this.policies = policies;
        }

        /** The running and paused timers of the ticket's current cycle, by target and round. */
        List<SlaTimer> open(SlaTicket ticket) {
            return timers.getOrDefault(ticket.ticketId, List.of()).stream()
                    .filter(timer -> timer.cycle == ticket.cycle && timer.isOpen())
                    .sorted(Comparator.comparing((SlaTimer timer) -> timer.target).thenComparingInt(timer -> timer.round))
                    .toList();
        }

        void started(SlaTimer timer) {
            timers.computeIfAbsent(timer.ticketId, id -> new ArrayList<>()).add(timer);
            changed(timer);
            if (timer.target == SlaTarget.NEXT_RESPONSE) {
                nextResponseRounds.merge(TimerStatements.roundKey(timer.ticketId, timer.cycle), timer.round, Math::max);
            }
        }

        void changed(SlaTimer timer) {
            changedTimers.put(timer.id, timer);
        }

        void changed(SlaTicket ticket) {
            changedTickets.put(ticket.ticketId, ticket);
        }

        void publish(SlaEvent event) {
            events.add(new Outbox.Entry(Topics.SLA_EVENTS, event));
        }

        void park(ParkedTicketEvent row) {
            parked.computeIfAbsent(row.ticketId, id -> new ArrayList<>()).add(row);
            newlyParked.put(row.eventId, row);
        }

        void unpark(ParkedTicketEvent row) {
            if (newlyParked.remove(row.eventId) == null) {
                unparked.add(row.eventId);
            }
        }
    }

    /**
     * Applies a poll's ticket events, in order, each once however often it is delivered, in one transaction of its
     * own (see the class comment).
     */
    public Uni<List<Void>> applyAll(List<TicketEvent> events) {
        List<TicketEvent> concerning = events.stream().filter(SlaTimekeeper::concerns).toList();
        List<Void> results = Collections.nCopies(events.size(), (Void) null);
        if (concerning.isEmpty()) {
            return Uni.createFrom().item(results);
        }
        return pool.withTransaction(connection -> apply(connection, concerning)).replaceWith(results);
    }

    private Uni<Void> apply(SqlConnection connection, List<TicketEvent> events) {
        List<UUID> eventIds = events.stream().map(TicketEvent::eventId).distinct().toList();
        List<UUID> ticketIds = events.stream().map(event -> event.ticket().id()).distinct().toList();
        // Sent together (the client pipelines them): the de-dup insert first, then the reads, in one round trip.
        return Uni.combine().all().unis(processed.firstDeliveries(connection, CONSUMER, eventIds),
                statements.tickets(connection, ticketIds), statements.openTimersLocked(connection, ticketIds),
                statements.nextResponseRounds(connection, ticketIds), statements.parked(connection, ticketIds),
                statements.policies(connection), statements.calendars(connection))
                .asTuple()
                .flatMap(read -> {
                    Set<UUID> fresh = read.getItem1();
                    List<TicketEvent> first = ProcessedEvents.firstOnly(events, TicketEvent::eventId, fresh);
                    if (first.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    Batch batch = new Batch(read.getItem2(), read.getItem3(), read.getItem4(), read.getItem5(),
                            policies.book(read.getItem6(), read.getItem7()));
                    first.forEach(event -> applyFirst(batch, event));
                    return write(connection, batch);
                });
    }

    private Uni<Void> write(SqlConnection connection, Batch batch) {
        SqlBatch writes = new SqlBatch();
        statements.saveTickets(writes, List.copyOf(batch.changedTickets.values()));
        statements.saveTimers(writes, List.copyOf(batch.changedTimers.values()));
        statements.park(writes, List.copyOf(batch.newlyParked.values()));
        statements.unpark(writes, batch.unparked);
        return Uni.join().all(writes.execute(connection), outbox.publish(connection, batch.events)).andFailFast()
                .replaceWithVoid();
    }

    private void applyFirst(Batch batch, TicketEvent event) {
        SlaTicket ticket = batch.tickets.get(event.ticket().id());
        if (event instanceof TicketOpened opened) {
            // A ticket opens once: a second TicketOpened (republished under a new event id) changes nothing.
            if (ticket == null) {
                open(batch, opened);
            }
        } else if (ticket == null) {
            park(batch, event);
        } else {
            applyKnown(batch, ticket, event);
        }
    }

    private void park(Batch batch, TicketEvent event) {
        LOG.debugf("parking %s of ticket %s until its TicketOpened arrives", event.getClass().getSimpleName(),
                event.ticket().id());
        ParkedTicketEvent row = new ParkedTicketEvent();
        row.eventId = event.eventId();
        row.ticketId = event.ticket().id();
        row.occurredAt = event.occurredAt();
        row.payload = JsonCodec.write(event);
        row.parkedAt = Instant.now();
        batch.park(row);
    }

    private void open(Batch batch, TicketOpened opened) {
        TicketSnapshot snapshot = opened.ticket();
        SlaTicket ticket = new SlaTicket();
        ticket.ticketId = snapshot.id();
        ticket.ticketNumber = snapshot.number();
        ticket.cycle = 1;
        ticket.cycleStartedAt = snapshot.openedAt();
        copyDimensions(ticket, snapshot);
        batch.tickets.put(ticket.ticketId, ticket);
        batch.changed(ticket);
        List<ParkedTicketEvent> waiting = batch.parked.getOrDefault(ticket.ticketId, List.of()).stream()
                .sorted(Comparator.comparing((ParkedTicketEvent row) -> row.occurredAt)).toList();
        batch.parked.remove(ticket.ticketId);
        startCycle(batch, ticket, snapshot.openedAt());
        for (ParkedTicketEvent row : waiting) {
            applyKnown(batch, ticket, JsonCodec.read(row.payload, TicketEvent.class));
            batch.unpark(row);
        }
    }

    private void startCycle(Batch batch, SlaTicket ticket, Instant at) {
        EffectivePolicy policy = batch.policies.resolve(ticket.departmentId, ticket.priority);
        ticket.policyId = policy.policyId();
        start(batch, ticket, SlaTarget.FIRST_RESPONSE, 1, at, policy);
        start(batch, ticket, SlaTarget.RESOLUTION, 1, at, policy);
    }

    private void applyKnown(Batch batch, SlaTicket ticket, TicketEvent event) {
        Instant at = event.occurredAt();
        if (at.isBefore(ticket.cycleStartedAt)) {
            // Belongs to an earlier cycle (arrived after the reopen): it must not touch the new cycle's timers.
            LOG.debugf("ignoring %s of ticket %s: it happened before the current cycle", event.getClass().getSimpleName(),
                    ticket.ticketId);
            return;
        }
        batch.changed(ticket);
        List<SlaTimer> open = followDimensions(batch, ticket, event.ticket(), at, batch.open(ticket));
        switch (event) {
            case AgentReplied reply -> {
                ticket.repliedInCycle = true;
                open.stream().filter(timer -> timer.target != SlaTarget.RESOLUTION).forEach(timer -> stop(batch, timer, at));
            }
            case CustomerMessageReceived message -> {
                resumeIfWaiting(batch, ticket, open, at);
                if (ticket.repliedInCycle && message.ticket().status().isActive()
                        && open.stream().noneMatch(timer -> timer.target == SlaTarget.NEXT_RESPONSE)) {
                    startNextResponse(batch, ticket, at);
                }
            }
            case TicketWaitingOnCustomer waiting -> {
                if (!ticket.waitingOnCustomer) {
                    ticket.waitingOnCustomer = true;
                    open.stream().filter(timer -> timer.state == SlaTimer.State.RUNNING)
                            .forEach(timer -> pause(batch, timer, at));
                }
            }
            case TicketResolved resolved -> {
                ticket.waitingOnCustomer = false;
                for (SlaTimer timer : open) {
                    if (timer.target == SlaTarget.RESOLUTION) {
                        stop(batch, timer, at);
                    } else {
                        cancel(batch, timer, at, "ticket resolved");
                    }
                }
            }
            case TicketClosed closed -> {
                ticket.waitingOnCustomer = false;
                open.forEach(timer -> cancel(batch, timer, at, "ticket closed"));
            }
            case TicketReopened reopened -> {
                if (at.isAfter(ticket.cycleStartedAt)) {
                    open.forEach(timer -> cancel(batch, timer, at, "ticket reopened"));
                    ticket.startCycle(at);
                    startCycle(batch, ticket, at);
                }
            }
            default -> {
                // Transfers, priority changes, routing, assignment: dimensions only (done above). A status back to
                // QUEUED/OPEN while waiting on the customer also ends the wait.
                TicketStatus status = event.ticket().status();
                if (status == TicketStatus.QUEUED || status == TicketStatus.OPEN) {
                    resumeIfWaiting(batch, ticket, open, at);
                }
            }
        }
    }

    /**
     * The re-targeting rule: when the department or priority changes the policy that applies, every open timer is
     * cancelled ("re-targeted") and replaced by one under the new policy that keeps its start and the time already
     * counted, and counts from now on in the new policy's calendar toward the new target. Returns the open timers
     * after the change.
     */
    private List<SlaTimer> followDimensions(Batch batch, SlaTicket ticket, TicketSnapshot snapshot, Instant at,
            List<SlaTimer> open) {
        boolean moved = !Objects.equals(ticket.departmentId, snapshot.departmentId()) || ticket.priority != snapshot.priority();
        boolean reassigned = !Objects.equals(ticket.assigneeId, snapshot.assigneeId());
        copyDimensions(ticket, snapshot);
        if (reassigned && !moved) {
            open.forEach(timer -> {
                timer.assigneeId = snapshot.assigneeId();
                batch.changed(timer);
            });
        }
        if (!moved) {
            return open;
        }
        EffectivePolicy policy = batch.policies.resolve(ticket.departmentId, ticket.priority);
        if (Objects.equals(policy.policyId(), ticket.policyId)) {
            open.forEach(timer -> {
                copyDimensions(timer, ticket);
                batch.changed(timer);
            });
            return open;
        }
        ticket.policyId = policy.policyId();
        return open.stream().map(timer -> retarget(batch, ticket, timer, policy, at)).toList();
    }

    private SlaTimer retarget(Batch batch, SlaTicket ticket, SlaTimer old, EffectivePolicy policy, Instant at) {
        BusinessCalendar oldCalendar = batch.policies.calendar(old.calendarId);
        catchUp(batch, old, at);
        boolean paused = old.state == SlaTimer.State.PAUSED;
        old.cancel(at, elapsedMillis(old, oldCalendar, at));
        batch.changed(old);
        String reason = "re-targeted under " + (policy.policyId() == null ? "the default policy" : "policy " + policy.policyId());
        batch.publish(new SlaCancelled(UUID.randomUUID(), at, mapper.snapshot(old), reason));
        SlaTimer timer = newTimer(ticket, old.target, old.round + 1, old.startedAt, policy);
        timer.countedMillis = old.countedMillis;
        timer.segmentStartedAt = at;
        timer.warned = old.warned;
        timer.breached = old.breached;
        schedule(timer, policy.calendar());
        if (paused) {
            timer.state = SlaTimer.State.PAUSED;
            timer.pausedAt = at;
        }
        batch.started(timer);
        batch.publish(new SlaTimerStarted(UUID.randomUUID(), at, mapper.snapshot(timer)));
        return timer;
    }

    private void startNextResponse(Batch batch, SlaTicket ticket, Instant at) {
        int round = batch.nextResponseRounds.getOrDefault(TimerStatements.roundKey(ticket.ticketId, ticket.cycle), 0);
        start(batch, ticket, SlaTarget.NEXT_RESPONSE, round + 1, at,
                batch.policies.resolve(ticket.departmentId, ticket.priority));
    }

    private void start(Batch batch, SlaTicket ticket, SlaTarget target, int round, Instant at, EffectivePolicy policy) {
        SlaTimer timer = newTimer(ticket, target, round, at, policy);
        timer.segmentStartedAt = at;
        schedule(timer, policy.calendar());
        batch.started(timer);
        batch.publish(new SlaTimerStarted(UUID.randomUUID(), at, mapper.snapshot(timer)));
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

    private void stop(Batch batch, SlaTimer timer, Instant at) {
        catchUp(batch, timer, at);
        timer.stop(at, elapsedMillis(timer, batch.policies.calendar(timer.calendarId), at));
        batch.changed(timer);
        batch.publish(new SlaMet(UUID.randomUUID(), at, mapper.snapshot(timer), timer.countedMillis / 1000,
                timer.breached));
    }

    private void cancel(Batch batch, SlaTimer timer, Instant at, String reason) {
        catchUp(batch, timer, at);
        timer.cancel(at, elapsedMillis(timer, batch.policies.calendar(timer.calendarId), at));
        batch.changed(timer);
        batch.publish(new SlaCancelled(UUID.randomUUID(), at, mapper.snapshot(timer), reason));
    }

    private void pause(Batch batch, SlaTimer timer, Instant at) {
        catchUp(batch, timer, at);
        timer.pause(at, elapsedMillis(timer, batch.policies.calendar(timer.calendarId), at));
        batch.changed(timer);
        batch.publish(new SlaPaused(UUID.randomUUID(), at, mapper.snapshot(timer)));
    }

    private void resumeIfWaiting(Batch batch, SlaTicket ticket, List<SlaTimer> open, Instant at) {
        if (!ticket.waitingOnCustomer) {
            return;
        }
        ticket.waitingOnCustomer = false;
        for (SlaTimer timer : open) {
            if (timer.state != SlaTimer.State.PAUSED) {
                continue;
            }
            Instant dueAt = timer.dueAt;
            timer.resume(at);
            schedule(timer, batch.policies.calendar(timer.calendarId));
            if (timer.breached) {
                timer.dueAt = dueAt; // a breach is not undone: the snapshot keeps the breached due time
            }
            batch.changed(timer);
            batch.publish(new SlaResumed(UUID.randomUUID(), at, mapper.snapshot(timer)));
        }
    }

    /**
     * A running timer whose warning or due time passed before the clock fired (the tick's lag) gets its warning
     * and breach before it is stopped, paused, cancelled or re-targeted: they happened.
     */
    private void catchUp(Batch batch, SlaTimer timer, Instant at) {
        if (timer.state == SlaTimer.State.RUNNING) {
            lapses(timer, at, false).forEach(batch::publish);
        }
    }

    /**
     * The warning and breach of a running timer that came due by {@code at} (inclusive: the clock fires at the
     * instant; exclusive: a response at the very instant is in time), marked on the timer, as the events to publish.
     */
    private List<SlaEvent> lapses(SlaTimer timer, Instant at, boolean inclusive) {
        List<SlaEvent> lapsed = new ArrayList<>(2);
        if (!timer.warned && !timer.breached && reached(timer.warnAt, at, inclusive)) {
            timer.noteWarned();
            lapsed.add(new SlaWarningRaised(UUID.randomUUID(), timer.warnAt, mapper.snapshot(timer), timer.warnPercent));
        }
        if (!timer.breached && reached(timer.dueAt, at, inclusive)) {
            timer.noteBreached();
            lapsed.add(new SlaBreached(UUID.randomUUID(), timer.dueAt, mapper.snapshot(timer)));
        }
        return lapsed;
    }

    private static boolean reached(Instant time, Instant at, boolean inclusive) {
        return inclusive ? !time.isAfter(at) : at.isAfter(time);
    }

    /**
     * Fires the warnings and breaches due by {@code now}, at most one batch; returns how many timers it handled so
     * the caller knows whether to run again at once.
     */
    @WithTransaction
    public Uni<Integer> fireDue(Instant now) {
        return timers.lockDue(now, config.batchSize()).flatMap(due -> {
            List<SlaEvent> lapsed = new ArrayList<>();
            due.forEach(timer -> lapsed.addAll(lapses(timer, now, true)));
            return Multi.createFrom().iterable(lapsed)
                    .onItem().transformToUniAndConcatenate(event -> outbox.publish(Topics.SLA_EVENTS, event))
                    // The Unis are void, so the stream carries no items: count the locked rows, not what it emits.
                    .collect().last()
                    .replaceWith(due.size());
        });
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
}
