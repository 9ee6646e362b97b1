package io.atende.sla.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The default SLA policy (per-department and per-priority policies come with the SLA policy API). */
@ConfigMapping(prefix = "atende.sla")
public interface SlaConfig {

    /** First-response target: from the first customer message to the first human reply. */
    @WithDefault("15m")
    Duration firstResponse();

    /** Percentage of a target after which a warning is raised. */
    @WithDefault("80")
    int warningPercent();

    /** How often the clock looks for due timers: the bound on the lag between a due time and its event. */
    @WithDefault("250ms")
    Duration tick();

    /** How many due timers one scheduler pass handles. */
    @WithDefault("500")
    int batchSize();
}
