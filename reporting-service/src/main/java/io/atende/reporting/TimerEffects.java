package io.atende.reporting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a batch of SLA events does to the read models, planned in memory: each timer's final row, the rollup's SLA
 * counts summed per cell (a move and its way back within the batch leave nothing), and the business-hours durations
 * of the timers stopped (or moved once stopped).
 */
public final class TimerEffects {

    public record Cell(Instant at, UUID departmentId, UUID agentId, String channelId, String target) {
    }

    public record Counts(Cell cell, int started, int met, int breached) {
    }

    /** {@code durations} (+1 or -1) of {@code seconds} business time measured against the cell's target. */
    public record Duration(Cell cell, long seconds, int durations) {
    }

    private final Map<UUID, ReportedTimer> timers = new LinkedHashMap<>();
    private final Map<Cell, int[]> counts = new LinkedHashMap<>();
    private final List<Duration> durations = new ArrayList<>();

    public void changed(ReportedTimer timer) {
        timers.putIfAbsent(timer.timerId(), timer);
    }

    public void count(Instant at, UUID departmentId, UUID agentId, String channelId, String target, int started,
            int met, int breached) {
        int[] sums = counts.computeIfAbsent(new Cell(at, departmentId, agentId, channelId, target), cell -> new int[3]);
        sums[0] += started;
        sums[1] += met;
        sums[2] += breached;
    }

    public void duration(Instant at, UUID departmentId, UUID agentId, String channelId, String target, long seconds,
            int durations) {
        this.durations.add(new Duration(new Cell(at, departmentId, agentId, channelId, target), seconds, durations));
    }

    public List<Duration> durations() {
        return durations;
    }

    public Collection<ReportedTimer> timers() {
        return timers.values();
    }

    /** Non-zero counts per cell. */
    public List<Counts> counts() {
        return counts.entrySet().stream()
                .filter(entry -> entry.getValue()[0] != 0 || entry.getValue()[1] != 0 || entry.getValue()[2] != 0)
                .map(entry -> new Counts(entry.getKey(), entry.getValue()[0], entry.getValue()[1], entry.getValue()[2]))
                .toList();
    }
}
