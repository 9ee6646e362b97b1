package io.atende.sla.service;

import java.time.Instant;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.atende.platform.outbox.OutboxRelay;
import io.atende.sla.config.SlaConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Drives the durable timers: every tick it fires what is due, batch after batch, and wakes the relay so the events
 * leave within the tick. The interval bounds the lag between a due time and its event.
 */
@ApplicationScoped
public class SlaClock {

    private static final Logger LOG = Logger.getLogger(SlaClock.class);

    private final SlaTimekeeper timekeeper;
    private final OutboxRelay relay;
    private final int batchSize;

    public SlaClock(SlaTimekeeper timekeeper, OutboxRelay relay, SlaConfig config) {
        this.timekeeper = timekeeper;
        this.relay = relay;
        this.batchSize = config.batchSize();
    }

    @Scheduled(every = "${atende.sla.tick:250ms}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return fireUntilCaughtUp()
                .onFailure().invoke(failure -> LOG.warnf(failure, "SLA tick failed; the next tick retries"))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> fireUntilCaughtUp() {
        return timekeeper.fireDue(Instant.now()).flatMap(fired -> {
            if (fired > 0) {
                relay.wake();
            }
            return fired >= batchSize ? fireUntilCaughtUp() : Uni.createFrom().voidItem();
        });
    }
}
