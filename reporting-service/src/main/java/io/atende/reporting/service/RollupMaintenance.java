package io.atende.reporting.service;

import java.time.ZoneId;

import org.jboss.logging.Logger;

import io.atende.reporting.config.ReportingConfig;
import io.atende.reporting.repository.RollupRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Keeps the rollups current: folds the ingest's deltas into the cells every {@code atende.reporting.rollup-fold}
 * (reports read the unfolded deltas too, so folding is about keeping those few, not about exactness), and at
 * start-up rebuilds the cells from the read models when they were cut in another zone than the configured one.
 */
@ApplicationScoped
public class RollupMaintenance {

    private static final Logger LOG = Logger.getLogger(RollupMaintenance.class);

    private final RollupRepository rollups;
    private final ZoneId zone;
    private final Timer folds;

    public RollupMaintenance(RollupRepository rollups, ReportingConfig config, MeterRegistry registry) {
        this.rollups = rollups;
        this.zone = config.timeZone();
        this.folds = Timer.builder("atende.reporting.rollup.fold").description("folds of the rollup deltas")
                .register(registry);
    }

    /** After the migrations (platform's migrator observes at priority 10). */
    void start(@Observes @Priority(200) StartupEvent startup) {
        ZoneId cutIn = rollups.zone().await().indefinitely().orElse(null);
        if (!zone.equals(cutIn)) {
            LOG.infof("rollups were cut in %s, the configured zone is %s: rebuilding them from the read models",
                    cutIn == null ? "no zone" : cutIn, zone);
            rebuild().await().indefinitely();
        }
    }

    @Scheduled(every = "${atende.reporting.rollup-fold:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> fold() {
        Timer.Sample sample = Timer.start();
        return rollups.fold(zone).invoke(() -> sample.stop(folds)).replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("folding the rollup deltas failed (the next fold retries): %s",
                        e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Recomputes the rollups from the read models (after a direct load, or a change of zone). */
    public Uni<Void> rebuild() {
        long started = System.nanoTime();
        return rollups.rebuild(zone).invoke(() -> LOG.infof("rollups rebuilt from the read models in %d ms (zone %s)",
                (System.nanoTime() - started) / 1_000_000, zone));
    }

    public ZoneId zone() {
        return zone;
    }
}
