package io.atende.gateway.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.atende.contracts.JsonCodec;
import io.atende.contracts.channel.OutboundMessageRequested;
import io.atende.gateway.service.OutboundSender;
import io.atende.platform.outbox.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Transport side of {@code channel.outbound.v1}: a malformed command fails at once and goes to
 * {@code channel.outbound.v1.dlq} with the reason; a valid one is sent (once per command id) and its receipt goes
 * to {@code channel.delivery.v1} through the outbox, whose relay is woken here.
 */
@ApplicationScoped
public class OutboundCommandConsumer {

    private static final Logger LOG = Logger.getLogger(OutboundCommandConsumer.class);

    private final OutboundSender sender;
    private final OutboxRelay relay;
    private final MeterRegistry registry;

    public OutboundCommandConsumer(OutboundSender sender, OutboxRelay relay, MeterRegistry registry) {
        this.sender = sender;
        this.relay = relay;
        this.registry = registry;
    }

    @Incoming("channel-outbound")
    public Uni<Void> consume(String payload) {
        OutboundMessageRequested command;
        try {
            command = JsonCodec.read(payload, OutboundMessageRequested.class);
        } catch (RuntimeException malformed) {
            registry.counter("atende.gateway.outbound", "outcome", "dead-lettered").increment();
            LOG.warnf("malformed outbound command dead-lettered: %s", malformed.getMessage());
            throw malformed;
        }
        return Uni.createFrom().deferred(() -> sender.send(command))
                .onFailure().invoke(failure -> registry.counter("atende.gateway.outbound", "outcome", "dead-lettered")
                        .increment())
                .invoke(outcome -> {
                    relay.wake();
                    registry.counter("atende.gateway.outbound", "outcome", outcome).increment();
                }).replaceWithVoid();
    }
}
