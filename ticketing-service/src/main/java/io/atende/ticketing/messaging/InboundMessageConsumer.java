package io.atende.ticketing.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.atende.contracts.JsonCodec;
import io.atende.contracts.channel.InboundMessageReceived;
import io.atende.platform.messaging.Redelivery;
import io.atende.platform.outbox.OutboxRelay;
import io.atende.ticketing.service.TicketIntake;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Transport side of {@code channel.inbound.v1}: parses the record (a malformed one fails at once and is
 * dead-lettered), runs the intake with retries for transient failures, then wakes the outbox relay.
 */
@ApplicationScoped
public class InboundMessageConsumer {

    private static final Logger LOG = Logger.getLogger(InboundMessageConsumer.class);

    private final TicketIntake intake;
    private final OutboxRelay relay;
    private final MeterRegistry registry;

    public InboundMessageConsumer(TicketIntake intake, OutboxRelay relay, MeterRegistry registry) {
        this.intake = intake;
        this.relay = relay;
        this.registry = registry;
    }

    @Incoming("channel-inbound")
    public Uni<Void> consume(String payload) {
        InboundMessageReceived message = JsonCodec.read(payload, InboundMessageReceived.class);
        return Redelivery.withRetries(() -> intake.ingest(message)).invoke(outcome -> {
            relay.wake();
            registry.counter("atende.ticketing.inbound", "outcome",
                    outcome.duplicate() ? "duplicate" : outcome.opened() ? "opened" : "appended").increment();
            if (!outcome.duplicate()) {
                MDC.put("channelId", message.channel().id());
                MDC.put("ticketId", outcome.ticketId().toString());
                LOG.infof("message %s stored on ticket #%d%s", message.externalMessageId(), outcome.ticketNumber(),
                        outcome.opened() ? " (opened)" : "");
                MDC.remove("ticketId");
                MDC.remove("channelId");
            }
        }).replaceWithVoid();
    }
}
