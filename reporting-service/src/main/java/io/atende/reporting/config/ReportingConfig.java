package io.atende.reporting.config;

import java.time.Duration;
import java.time.ZoneId;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "atende.reporting")
public interface ReportingConfig {

    /** The zone buckets (hour, day, week) are cut in when a request names none. */
    @WithDefault("America/Sao_Paulo")
    ZoneId timeZone();

    /** Past this many buckets the interval coarsens (hour, day, week), so a huge range never times out. */
    @WithDefault("2000")
    int maxBuckets();

    /**
     * Up to this many durations in a report's period, its medians and p90s are computed exactly from the rows
     * ({@code percentile_cont}); beyond, from the duration cells' sketches (within 1 %).
     */
    @WithDefault("20000")
    long exactPercentilesUpTo();

    /** How often the live Prometheus gauges are recomputed from the read models. */
    @WithDefault("15s")
    Duration gaugeRefresh();
}
