package io.atende.sla.service;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.atende.platform.outbox.OutboxRelay;
import io.atende.sla.config.SlaConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Drives the durable timers: every tick it fires what is due, batch after batch, and wakes the relay so the events
 * leave within the tick. The interval bounds the lag between a due time and its event. A Vert.x periodic timer, not
 * {@code @Scheduled}: Quarkus' simple scheduler checks its triggers once a second, whatever the interval.
 */
@ApplicationScoped
public class SlaClock {

    private static final Logger LOG = Logger.getLogger(SlaClock.class);

    private final SlaTimekeeper timekeeper;
    private final OutboxRelay relay;
    private final Vertx vertx;
    private final SlaConfig config;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile long timerId = -1;

    public SlaClock(SlaTimekeeper timekeeper, OutboxRelay relay, Vertx vertx, SlaConfig config) {
        this.timekeeper = timekeeper;
        this.relay = relay;
        this.vertx = vertx;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(config.tick().toMillis(), id -> tick());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** One pass; skipped while the previous one still runs. */
    void tick() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        // Hibernate Reactive needs a duplicated context marked safe, as Quarkus gives scheduled methods.
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> fireUntilCaughtUp()
                .onTermination().invoke(() -> running.set(false))
                .subscribe().with(done -> {
                }, failure -> LOG.warnf(failure, "SLA tick failed; the next tick retries")));
    }

    private Uni<Void> fireUntilCaughtUp() {
        return timekeeper.fireDue(Instant.now()).flatMap(fired -> {
            if (fired > 0) {
                relay.wake();
            }
            return fired >= config.batchSize() ? fireUntilCaughtUp() : Uni.createFrom().voidItem();
        });
    }
}
