package io.atende.reporting.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.atende.contracts.channel.ChannelStatusEvent;
import io.atende.contracts.sla.SlaEvent;
import io.atende.contracts.ticket.TicketEvent;
import io.atende.platform.messaging.BatchConsumer;
import io.atende.reporting.service.ReadModelUpdater;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Transport side of the topics reporting reads: each poll's events go through {@link BatchConsumer} (a malformed
 * one is dead-lettered alone to the topic's DLQ, the rest folded into the read models in one transaction).
 */
@ApplicationScoped
public class EventConsumers {

    public static final String TICKET_EVENTS = "ticket-events";
    public static final String SLA_EVENTS = "sla-events";
    public static final String CHANNEL_STATUS = "channel-status";

    private final ReadModelUpdater updater;
    private final BatchConsumer consumer;

    public EventConsumers(ReadModelUpdater updater, BatchConsumer consumer) {
        this.updater = updater;
        this.consumer = consumer;
    }

    @Incoming(TICKET_EVENTS)
    public Uni<Void> ticketEvents(KafkaRecordBatch<String, String> batch) {
        return consumer.consume("reporting-service/" + TICKET_EVENTS, batch, TicketEvent.class,
                updater::applyTicketEvents);
    }

    @Incoming(SLA_EVENTS)
    public Uni<Void> slaEvents(KafkaRecordBatch<String, String> batch) {
        return consumer.consume("reporting-service/" + SLA_EVENTS, batch, SlaEvent.class, updater::applySlaEvents);
    }

    @Incoming(CHANNEL_STATUS)
    public Uni<Void> channelStatus(KafkaRecordBatch<String, String> batch) {
        return consumer.consume("reporting-service/" + CHANNEL_STATUS, batch, ChannelStatusEvent.class,
                updater::applyChannelEvents);
    }
}
