package io.atende.reporting.service;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
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
import io.atende.reporting.repository.ReadModelRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Folds the events into the read models, each event once: a poll's events are recorded in the de-dup log in one
 * statement, and the statements of those seen for the first time run pipelined in the same transaction, in order.
 * The metric definitions live here: first response = first human reply of a cycle minus the moment a customer
 * message was first owed an answer (the ticket's opening); next response = a human reply minus the first unanswered
 * customer message; resolution = resolved minus opened (or reopened); bot messages never answer.
 */
@ApplicationScoped
public class ReadModelUpdater {

    static final String CONSUMER = "reporting-service";

    private final ReadModelRepository readModels;
    private final ProcessedEvents processed;
    private final Pool pool;

    public ReadModelUpdater(ReadModelRepository readModels, ProcessedEvents processed, Pool pool) {
        this.readModels = readModels;
        this.processed = processed;
        this.pool = pool;
    }

    /** A poll's ticket events, in order, each once, in one transaction. */
    public Uni<List<Void>> applyTicketEvents(List<TicketEvent> events) {
        return applyOnce(events, TicketEvent::eventId, this::applyTicket);
    }

    /** A poll's SLA events, in order, each once, in one transaction. */
    public Uni<List<Void>> applySlaEvents(List<SlaEvent> events) {
        return applyOnce(events, SlaEvent::eventId, this::applySla);
    }

    /** A poll's channel status events, in order, each once, in one transaction. */
    public Uni<List<Void>> applyChannelEvents(List<ChannelStatusEvent> events) {
        return applyOnce(events, ChannelStatusEvent::eventId, this::applyChannel);
    }

    private <E> Uni<List<Void>> applyOnce(List<E> events, Function<E, UUID> eventId, BiConsumer<SqlBatch, E> effect) {
        return pool.withTransaction(connection -> processed
                .firstDeliveries(connection, CONSUMER, events.stream().map(eventId).distinct().toList())
                .flatMap(fresh -> statements(events, eventId, effect, fresh).execute(connection)))
                .replaceWith(() -> Collections.nCopies(events.size(), (Void) null));
    }

    private static <E> SqlBatch statements(List<E> events, Function<E, UUID> eventId, BiConsumer<SqlBatch, E> effect,
            Set<UUID> fresh) {
        SqlBatch batch = new SqlBatch();
        ProcessedEvents.firstOnly(events, eventId, fresh).forEach(event -> effect.accept(batch, event));
        return batch;
    }

    private void applyTicket(SqlBatch batch, TicketEvent event) {
        readModels.upsertTicket(batch, event.ticket(), event.occurredAt());
        UUID ticket = event.ticket().id();
        switch (event) {
            case TicketOpened opened -> readModels.awaitAnswer(batch, ticket, opened.occurredAt());
            case CustomerMessageReceived message -> {
                readModels.recordMessage(batch, message.eventId(), message.ticket(), "IN", "CUSTOMER",
                        message.occurredAt());
                readModels.awaitAnswer(batch, ticket, message.occurredAt());
            }
            case AgentReplied reply -> {
                readModels.recordMessage(batch, reply.eventId(), reply.ticket(), "OUT", reply.author(),
                        reply.occurredAt());
                readModels.recordResponse(batch, reply.eventId(), ticket, reply.authorUserId(), reply.occurredAt());
            }
            case BotMessageSent bot -> readModels.recordMessage(batch, bot.eventId(), bot.ticket(), "OUT", "BOT",
                    bot.occurredAt());
            case TicketTransferred transferred -> readModels.recordTransfer(batch, ticket);
            case TicketResolved resolved -> readModels.recordResolution(batch, resolved.eventId(), ticket,
                    resolved.occurredAt());
            case TicketReopened reopened -> readModels.recordReopen(batch, ticket, reopened.occurredAt());
            default -> {
            }
        }
    }

    private void applySla(SqlBatch batch, SlaEvent event) {
        readModels.upsertTimer(batch, event.timer());
        switch (event) {
            case SlaBreached breached -> readModels.recordBreach(batch, breached.timer().timerId(),
                    breached.occurredAt());
            case SlaMet met -> readModels.recordStop(batch, met.timer().timerId(), met.breached(), met.elapsedSeconds(),
                    met.occurredAt());
            case SlaCancelled cancelled -> readModels.recordCancel(batch, cancelled.timer().timerId());
            default -> {
            }
        }
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
