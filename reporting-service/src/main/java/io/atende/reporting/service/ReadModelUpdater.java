package io.atende.reporting.service;

import java.util.UUID;
import java.util.function.Supplier;

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
import io.atende.reporting.repository.ReadModelRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Folds the events into the read models, each event once (the de-dup log shares the transaction). The metric
 * definitions live here: first response = first human reply of a cycle minus the moment a customer message was first
 * owed an answer (the ticket's opening); next response = a human reply minus the first unanswered customer message;
 * resolution = resolved minus opened (or reopened); bot messages never answer.
 */
@ApplicationScoped
public class ReadModelUpdater {

    static final String CONSUMER = "reporting-service";

    private final ReadModelRepository readModels;
    private final ProcessedEvents processed;

    public ReadModelUpdater(ReadModelRepository readModels, ProcessedEvents processed) {
        this.readModels = readModels;
        this.processed = processed;
    }

    @WithTransaction
    public Uni<Void> apply(TicketEvent event) {
        return once(event.eventId(), () -> readModels.upsertTicket(event.ticket(), event.occurredAt())
                .flatMap(done -> applyTicket(event)));
    }

    private Uni<Void> applyTicket(TicketEvent event) {
        UUID ticket = event.ticket().id();
        return switch (event) {
            case TicketOpened opened -> readModels.awaitAnswer(ticket, opened.occurredAt());
            case CustomerMessageReceived message -> readModels
                    .recordMessage(message.eventId(), message.ticket(), "IN", "CUSTOMER", message.occurredAt())
                    .flatMap(done -> readModels.awaitAnswer(ticket, message.occurredAt()));
            case AgentReplied reply -> readModels
                    .recordMessage(reply.eventId(), reply.ticket(), "OUT", reply.author(), reply.occurredAt())
                    .flatMap(done -> readModels.recordResponse(reply.eventId(), ticket, reply.authorUserId(),
                            reply.occurredAt()));
            case BotMessageSent bot -> readModels.recordMessage(bot.eventId(), bot.ticket(), "OUT", "BOT", bot.occurredAt());
            case TicketTransferred transferred -> readModels.recordTransfer(ticket);
            case TicketResolved resolved -> readModels.recordResolution(resolved.eventId(), ticket, resolved.occurredAt());
            case TicketReopened reopened -> readModels.recordReopen(ticket, reopened.occurredAt());
            default -> Uni.createFrom().voidItem();
        };
    }

    @WithTransaction
    public Uni<Void> apply(SlaEvent event) {
        return once(event.eventId(), () -> readModels.upsertTimer(event.timer()).flatMap(done -> switch (event) {
            case SlaBreached breached -> readModels.recordBreach(breached.timer().timerId(), breached.occurredAt());
            case SlaMet met -> readModels.recordStop(met.timer().timerId(), met.breached(), met.elapsedSeconds(),
                    met.occurredAt());
            case SlaCancelled cancelled -> readModels.recordCancel(cancelled.timer().timerId());
            default -> Uni.createFrom().voidItem();
        }));
    }

    @WithTransaction
    public Uni<Void> apply(ChannelStatusEvent event) {
        return once(event.eventId(), () -> switch (event) {
            case ChannelDisconnected disconnected -> readModels.recordDisconnection(disconnected);
            case ChannelConnected connected -> readModels.recordConnection(connected);
            case ChannelHistoryDiscarded discarded -> readModels.recordDiscarded(discarded);
            default -> Uni.createFrom().voidItem();
        });
    }

    /** Empties every read model and the de-dup log (the first half of a rebuild). */
    @WithTransaction
    public Uni<Void> reset() {
        return readModels.truncateAll();
    }

    private Uni<Void> once(UUID eventId, Supplier<Uni<Void>> effect) {
        return processed.firstDelivery(CONSUMER, eventId)
                .flatMap(first -> first ? effect.get() : Uni.createFrom().voidItem());
    }
}
