package io.atende.reporting.service;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.atende.contracts.channel.ChannelConnected;
import io.atende.contracts.channel.ChannelDisconnected;
import io.atende.contracts.channel.ChannelHistoryDiscarded;
import io.atende.contracts.channel.ChannelStatusEvent;
import io.atende.contracts.sla.SlaBreached;
import io.atende.contracts.sla.SlaCancelled;
import io.atende.contracts.sla.SlaEvent;
import io.atende.contracts.sla.SlaMet;
import io.atende.contracts.ticket.AgentReplied;
import io.atende.contracts.ticket.BotMessageSent;
import io.atende.contracts.ticket.CustomerMessageReceived;
import io.atende.contracts.ticket.TicketEvent;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.contracts.ticket.TicketReopened;
import io.atende.contracts.ticket.TicketResolved;
import io.atende.contracts.ticket.TicketTransferred;
import io.atende.platform.inbox.ProcessedEvents;
import io.atende.platform.persistence.SqlBatch;
import io.atende.reporting.ReportedTicket;
import io.atende.reporting.ReportedTimer;
import io.atende.reporting.TicketEffects;
import io.atende.reporting.TimerEffects;
import io.atende.reporting.repository.ReadModelRepository;
import io.atende.reporting.repository.TicketStatements;
import io.atende.reporting.repository.TimerStatements;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Folds the events into the read models, each event once: a poll's events are recorded in the de-dup log in one
 * statement, and those seen for the first time are applied in the same transaction, in order (ticket and SLA events
 * planned in memory and written set-wise; channel events, rare, as pipelined statements of their own).
 * The metric definitions live here: first response = first human reply of a cycle minus the moment a customer
 * message was first owed an answer (the ticket's opening); next response = a human reply minus the first unanswered
 * customer message; resolution = resolved minus opened (or reopened); bot messages never answer.
 */
@ApplicationScoped
public class ReadModelUpdater {

    static final String CONSUMER = "reporting-service";

    private final ReadModelRepository readModels;
    private final TicketStatements tickets;
    private final TimerStatements timers;
    private final ProcessedEvents processed;
    private final Pool pool;

    public ReadModelUpdater(ReadModelRepository readModels, TicketStatements tickets, TimerStatements timers,
            ProcessedEvents processed, Pool pool) {
        this.readModels = readModels;
        this.tickets = tickets;
        this.timers = timers;
        this.processed = processed;
        this.pool = pool;
    }

    /**
     * A poll's ticket events, in order, each once, in one transaction of two round trips: the de-dup record of
     * every event and the read of every ticket they touch (locked in id order), then the batch's effects, planned in
     * memory event by event, in one statement per table.
     */
    public Uni<List<Void>> applyTicketEvents(List<TicketEvent> events) {
        return applyPlanned(events, TicketEvent::eventId, event -> event.ticket().id(), tickets::lockedTickets,
                (batch, fresh, stored) -> tickets.write(batch, effects(fresh, stored)));
    }

    /** A poll's SLA events, in order, each once, in one transaction of two round trips (as the ticket events). */
    public Uni<List<Void>> applySlaEvents(List<SlaEvent> events) {
        return applyPlanned(events, SlaEvent::eventId, event -> event.timer().timerId(), timers::lockedTimers,
                (batch, fresh, stored) -> timers.write(batch, timerEffects(fresh, stored)));
    }

    /** Writes what a batch's first-seen events do to the rows they touch, as read (locked) before. */
    @FunctionalInterface
    private interface Plan<E, S> {

        void write(SqlBatch batch, List<E> fresh, List<S> stored);
    }

    /**
     * The shape of the set-wise paths: the de-dup insert and the locked read of the rows the events touch pipelined,
     * then the first-seen events planned in memory and written in one batch of statements.
     */
    private <E, S> Uni<List<Void>> applyPlanned(List<E> events, Function<E, UUID> eventId,
            Function<E, UUID> rowId, BiFunction<SqlConnection, List<UUID>, Uni<List<S>>> lockedRows,
            Plan<E, S> plan) {
        List<UUID> eventIds = events.stream().map(eventId).distinct().toList();
        List<UUID> rowIds = events.stream().map(rowId).distinct().toList();
        return pool.withTransaction(connection -> Uni.combine().all()
                .unis(processed.firstDeliveries(connection, CONSUMER, eventIds), lockedRows.apply(connection, rowIds))
                .asTuple()
                .flatMap(read -> {
                    SqlBatch batch = new SqlBatch();
                    plan.write(batch, ProcessedEvents.firstOnly(events, eventId, read.getItem1()), read.getItem2());
                    return batch.execute(connection);
                }))
                .replaceWith(() -> acknowledged(events));
    }

    /** A poll's channel status events, in order, each once, in one transaction. */
    public Uni<List<Void>> applyChannelEvents(List<ChannelStatusEvent> events) {
        return applyOnce(events, ChannelStatusEvent::eventId, this::applyChannel);
    }

    private <E> Uni<List<Void>> applyOnce(List<E> events, Function<E, UUID> eventId, BiConsumer<SqlBatch, E> effect) {
        return pool.withTransaction(connection -> processed
                .firstDeliveries(connection, CONSUMER, events.stream().map(eventId).distinct().toList())
                .flatMap(fresh -> statements(events, eventId, effect, fresh).execute(connection)))
                .replaceWith(() -> acknowledged(events));
    }

    /** One (empty) result per event of the batch, as the batch consumer expects. */
    private static List<Void> acknowledged(List<?> events) {
        return Collections.nCopies(events.size(), null);
    }

    private static <E> SqlBatch statements(List<E> events, Function<E, UUID> eventId, BiConsumer<SqlBatch, E> effect,
            Set<UUID> fresh) {
        SqlBatch batch = new SqlBatch();
        ProcessedEvents.firstOnly(events, eventId, fresh).forEach(event -> effect.accept(batch, event));
        return batch;
    }

    private static TicketEffects effects(List<TicketEvent> events, List<ReportedTicket> stored) {
        Map<UUID, ReportedTicket> known = new HashMap<>();
        stored.forEach(ticket -> known.put(ticket.ticketId(), ticket));
        TicketEffects effects = new TicketEffects();
        for (TicketEvent event : events) {
            ReportedTicket ticket = known.computeIfAbsent(event.ticket().id(),
                    id -> ReportedTicket.unseen(event.ticket()));
            effects.changed(ticket);
            effects.moved(ticket.describe(event.ticket(), event.occurredAt()));
            apply(event, ticket, effects);
        }
        return effects;
    }

    private static void apply(TicketEvent event, ReportedTicket ticket, TicketEffects effects) {
        switch (event) {
            case TicketOpened opened -> ticket.awaitAnswer(opened.occurredAt());
            case CustomerMessageReceived message -> {
                effects.message(message(message, "IN", "CUSTOMER"));
                ticket.awaitAnswer(message.occurredAt());
            }
            case AgentReplied reply -> {
                effects.message(message(reply, "OUT", reply.author()));
                ticket.answer(reply.authorUserId()).ifPresent(answer -> effects.response(
                        new TicketEffects.Response(reply.eventId(), ticket.ticketId(), answer, reply.occurredAt())));
            }
            case BotMessageSent bot -> effects.message(message(bot, "OUT", "BOT"));
            case TicketTransferred transferred -> ticket.noteTransfer();
            case TicketResolved resolved -> effects.resolved(new TicketEffects.Resolved(resolved.eventId(),
                    ticket.ticketId(), ticket.resolve(resolved.occurredAt()), resolved.occurredAt()));
            case TicketReopened reopened -> ticket.reopen(reopened.occurredAt());
            default -> {
            }
        }
    }

    /** Messages are counted under the department the event's snapshot names. */
    private static TicketEffects.Message message(TicketEvent event, String direction, String author) {
        return new TicketEffects.Message(event.eventId(), event.ticket().id(), event.ticket().channel().id(),
                event.ticket().departmentId(), direction, author, event.occurredAt());
    }

    private static TimerEffects timerEffects(List<SlaEvent> events, List<ReportedTimer> stored) {
        Map<UUID, ReportedTimer> known = new HashMap<>();
        stored.forEach(timer -> known.put(timer.timerId(), timer));
        TimerEffects effects = new TimerEffects();
        for (SlaEvent event : events) {
            ReportedTimer timer = known.computeIfAbsent(event.timer().timerId(),
                    id -> ReportedTimer.unseen(event.timer()));
            effects.changed(timer);
            timer.describe(event.timer(), effects);
            switch (event) {
                case SlaBreached breached -> timer.breach(breached.occurredAt(), effects);
                case SlaMet met -> timer.stop(met.breached(), met.elapsedSeconds(), met.occurredAt(), effects);
                case SlaCancelled cancelled -> timer.cancel(effects);
                default -> {
                }
            }
        }
        return effects;
    }

    private void applyChannel(SqlBatch batch, ChannelStatusEvent event) {
        switch (event) {
            case ChannelDisconnected disconnected -> readModels.recordDisconnection(batch, disconnected);
            case ChannelConnected connected -> readModels.recordConnection(batch, connected);
            case ChannelHistoryDiscarded discarded -> readModels.recordDiscarded(batch, discarded);
            default -> {
            }
        }
    }
}
