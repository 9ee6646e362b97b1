package io.atende.gateway.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Liveness of the engine process: an engine that does not answer a {@code ping} in time is killed (and so restarted
 * with the backoff like any engine that exits). It is blamed only if it wrote nothing at all since the ping while the
 * gateway was idle: a reader busy with an earlier event (a slow database) has simply not got to the answer yet.
 */
final class EngineLiveness {

    private static final Logger LOG = Logger.getLogger(ProcessEngine.class);

    private final Duration timeout;
    private final Counter unresponsive;
    /** One ping at a time: pings piled up behind a hung engine would each count (and kill) it again. */
    private final AtomicBoolean outstanding = new AtomicBoolean();
    /** The process killed for not answering, so that its exit is reported as such. */
    private volatile RunningEngine killed;

    EngineLiveness(Duration timeout, MeterRegistry registry) {
        this.timeout = timeout;
        this.unresponsive = Counter.builder("atende.gateway.engine.unresponsive")
                .description("engine processes killed for not answering a ping in time").register(registry);
    }

    Duration timeout() {
        return timeout;
    }

    boolean killedForSilence(RunningEngine engine) {
        return killed == engine;
    }

    /**
     * Pings {@code target} (through {@code ping}) unless a ping is still out; kills it if the ping times out while
     * it is still the current process ({@code current}) and its reader was idle and read nothing since.
     */
    void check(RunningEngine target, Supplier<CompletableFuture<?>> ping, Predicate<RunningEngine> current) {
        if (!outstanding.compareAndSet(false, true)) {
            return;
        }
        long before = target.output().linesRead();
        ping.get().whenComplete((pong, failure) -> {
            try {
                // Already killed: a ping written while it was dying fails at once and must not count it again.
                if (failure == null || killed == target || !current.test(target)
                        || target.output().linesRead() != before || target.output().handling()
                        || !target.process().isAlive()) {
                    return;
                }
                LOG.errorf("the engine process (pid %d) did not answer a ping within %d ms: killing it so that it"
                        + " is restarted", target.process().pid(), timeout.toMillis());
                unresponsive.increment();
                killed = target;
                target.process().destroyForcibly();
            } finally {
                outstanding.set(false);
            }
        });
    }
}
