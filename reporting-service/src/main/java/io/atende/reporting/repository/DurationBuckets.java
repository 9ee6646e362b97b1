package io.atende.reporting.repository;

import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;

/**
 * The buckets of the duration cells (V5__durations.sql): DDSketch's logarithmic mapping at 1 % relative accuracy.
 * PostgreSQL computes a duration's bucket ({@code rm_duration_bucket}) where it stores the duration; a report turns
 * the bucket of a rank back into seconds here, within 1 % of the durations in it.
 */
public final class DurationBuckets {

    /** A duration read from its bucket is within this fraction of the true one. */
    public static final double RELATIVE_ACCURACY = 0.01;
    /** Durations under a millisecond (and clock skews below zero): read as 0. */
    public static final int ZERO = Integer.MIN_VALUE;

    private static final IndexMapping MAPPING = new LogarithmicMapping(RELATIVE_ACCURACY);

    private DurationBuckets() {
    }

    public static int bucket(double seconds) {
        return seconds < 0.001 ? ZERO : MAPPING.index(seconds);
    }

    public static double seconds(int bucket) {
        return bucket == ZERO ? 0 : MAPPING.value(bucket);
    }
}
