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

    /** How often the live Prometheus gauges are recomputed from the read models. */
    @WithDefault("15s")
    Duration gaugeRefresh();
}
