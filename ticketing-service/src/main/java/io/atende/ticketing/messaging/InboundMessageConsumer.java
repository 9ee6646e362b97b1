package io.atende.ticketing.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.atende.contracts.channel.InboundMessageReceived;
import io.atende.platform.messaging.BatchConsumer;
import io.atende.ticketing.service.BatchIntake;
import io.atende.ticketing.service.TicketIntake;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Transport side of {@code channel.inbound.v1}: each poll's records go through {@link BatchConsumer} (a malformed one
 * is dead-lettered alone, the rest are taken in by one transaction).
 */
@ApplicationScoped
public class InboundMessageConsumer {

    static final String CONSUMER = "ticketing-service/channel-inbound";
    private static final Logger LOG = Logger.getLogger(InboundMessageConsumer.class);

    private final BatchIntake intake;
    private final BatchConsumer consumer;
    private final MeterRegistry registry;

    public InboundMessageConsumer(BatchIntake intake, BatchConsumer consumer, MeterRegistry registry) {
        this.intake = intake;
        this.consumer = consumer;
        this.registry = registry;
    }

    @Incoming("channel-inbound")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return consumer.consume(CONSUMER, batch, InboundMessageReceived.class, intake::ingestAll, this::taken);
    }

    private void taken(InboundMessageReceived message, TicketIntake.Outcome outcome) {
        registry.counter("atende.ticketing.inbound", "outcome",
                outcome.duplicate() ? "duplicate" : outcome.opened() ? "opened" : "appended").increment();
        if (!outcome.duplicate() && LOG.isDebugEnabled()) {
            MDC.put("channelId", message.channel().id());
            MDC.put("ticketId", outcome.ticketId().toString());
            LOG.debugf("message %s stored on ticket #%d%s", message.externalMessageId(), outcome.ticketNumber(),
                    outcome.opened() ? " (opened)" : "");
            MDC.remove("ticketId");
            MDC.remove("channelId");
        }
    }
}
