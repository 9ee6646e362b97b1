package io.atende.reporting.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import io.atende.reporting.repository.DurationBuckets;
import io.atende.reporting.repository.ReportFilter;
import io.atende.reporting.repository.ReportQueries;
import io.atende.reporting.repository.ReportQueries.Dimension;
import io.atende.reporting.rest.Report;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Assembles the reports from the queries; compliance and merges by key happen here, the sums in SQL. */
@ApplicationScoped
public class ReportService {

    private final ReportQueries queries;

    public ReportService(ReportQueries queries) {
        this.queries = queries;
    }

    public Uni<Report> overview(ReportFilter filter) {
        return queries.ticketsByStatus(filter).flatMap(rows -> queries.oldestWaiting(filter)
                .flatMap(oldest -> queries.agentsWithOpenTickets(filter).map(agents -> {
                    Map<String, Object> totals = new LinkedHashMap<>();
                    long unassigned = rows.stream().filter(row -> "QUEUED".equals(row.get("status")))
                            .mapToLong(row -> ((Number) row.get("tickets")).longValue()).sum();
                    totals.put("unassigned", unassigned);
                    totals.put("oldestWaiting", oldest.isEmpty() ? null : oldest.get(0));
                    // Agent presence is not on the topics; agents holding open tickets are.
                    totals.put("agentsWithOpenTickets", agents);
                    return new Report("overview", parameters(filter, null, null), List.of("department_id",
                            "department_name", "status", "tickets", "oldest_waiting_since"), rows, totals);
                })));
    }

    public Uni<Report> volume(ReportFilter filter, String interval, Dimension by) {
        return queries.volume(filter, interval, by).map(rows -> new Report("volume", parameters(filter, by, interval),
                List.of("bucket_start", "key", "created", "resolved"), rows, Map.of(
                        "created", sum(rows, "created"), "resolved", sum(rows, "resolved"))));
    }

    public Uni<Report> responseTimes(ReportFilter filter, Dimension by) {
        return queries.durations(filter, by).map(times -> new Report("response-times", parameters(filter, by, null),
                List.of("key", "metric", "variant", "count", "average_seconds", "median_seconds", "p90_seconds"),
                times.rows(), percentiles(times)));
    }

    public Uni<Report> sla(ReportFilter filter, Dimension by) {
        return queries.slaOutcomes(filter, by).map(rows -> {
            rows.forEach(row -> row.put("compliance_percent", compliance(row)));
            Map<String, Object> totals = new LinkedHashMap<>();
            totals.put("met", sum(rows, "met"));
            totals.put("breached", sum(rows, "breached"));
            totals.put("open", sum(rows, "open"));
            totals.put("compliance_percent", compliance(totals));
            return new Report("sla", parameters(filter, by, null),
                    List.of("key", "target", "met", "breached", "open", "compliance_percent"), rows, totals);
        });
    }

    public Uni<Report> agents(ReportFilter filter) {
        return queries.ticketsHandled(filter).flatMap(handled -> queries.durations(filter, Dimension.AGENT)
                .flatMap(times -> queries.slaOutcomes(filter, Dimension.AGENT).map(outcomes -> {
                    Map<String, Map<String, Object>> byAgent = new TreeMap<>();
                    Function<Object, Map<String, Object>> agent = key -> byAgent.computeIfAbsent((String) key, k -> {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("agent_id", k);
                        row.put("tickets_handled", 0L);
                        row.put("met", 0L);
                        row.put("breached", 0L);
                        return row;
                    });
                    handled.forEach(row -> agent.apply(row.get("key")).put("tickets_handled", row.get("tickets_handled")));
                    times.rows().stream().filter(row -> !"".equals(row.get("key")))
                            .filter(row -> "CALENDAR".equals(row.get("variant"))).forEach(row -> {
                        String prefix = ((String) row.get("metric")).toLowerCase();
                        Map<String, Object> target = agent.apply(row.get("key"));
                        target.put(prefix + "_average_seconds", row.get("average_seconds"));
                        target.put(prefix + "_median_seconds", row.get("median_seconds"));
                    });
                    outcomes.stream().filter(row -> !"".equals(row.get("key"))).forEach(row -> {
                        Map<String, Object> target = agent.apply(row.get("key"));
                        target.put("met", (long) target.get("met") + ((Number) row.get("met")).longValue());
                        target.put("breached", (long) target.get("breached") + ((Number) row.get("breached")).longValue());
                    });
                    byAgent.values().forEach(row -> row.put("compliance_percent", compliance(row)));
                    return new Report("agents", parameters(filter, Dimension.AGENT, null), List.of("agent_id",
                            "tickets_handled", "first_response_average_seconds", "first_response_median_seconds",
                            "resolution_average_seconds", "resolution_median_seconds", "met", "breached",
                            "compliance_percent"), new ArrayList<>(byAgent.values()), percentiles(times));
                })));
    }

    public Uni<Report> channels(ReportFilter filter) {
        return queries.messages(filter).flatMap(messages -> queries.downtime(filter)
                .flatMap(downtime -> queries.discarded(filter).map(discarded -> {
                    Map<String, Map<String, Object>> byChannel = new TreeMap<>();
                    Function<Object, Map<String, Object>> channel = key -> byChannel.computeIfAbsent((String) key, k -> {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("channel_id", k);
                        row.put("messages_in", 0L);
                        row.put("messages_out", 0L);
                        row.put("outages", 0L);
                        row.put("downtime_seconds", 0.0);
                        row.put("history_discarded", 0L);
                        return row;
                    });
                    messages.forEach(row -> {
                        channel.apply(row.get("key")).put("messages_in", row.get("messages_in"));
                        channel.apply(row.get("key")).put("messages_out", row.get("messages_out"));
                    });
                    downtime.forEach(row -> {
                        channel.apply(row.get("key")).put("outages", row.get("outages"));
                        channel.apply(row.get("key")).put("downtime_seconds", row.get("downtime_seconds"));
                    });
                    discarded.forEach(row -> channel.apply(row.get("key")).put("history_discarded",
                            row.get("history_discarded")));
                    return new Report("channels", parameters(filter, Dimension.CHANNEL, null), List.of("channel_id",
                            "messages_in", "messages_out", "outages", "downtime_seconds", "history_discarded"),
                            new ArrayList<>(byChannel.values()), Map.of());
                })));
    }

    public Uni<Map<String, Object>> summary(ReportFilter filter) {
        return queries.ticketsOpened(filter).flatMap(opened -> queries.slaBreaches(filter).map(breaches -> {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("from", filter.from());
            summary.put("to", filter.to());
            summary.put("ticketsOpened", opened);
            summary.put("slaBreaches", breaches);
            return summary;
        }));
    }

    /** Says how exact a report's medians and p90s are. */
    private static Map<String, Object> percentiles(ReportQueries.Durations times) {
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("percentiles", times.exactPercentiles() ? "exact" : "sketch");
        totals.put("percentileRelativeError", times.exactPercentiles() ? 0.0 : DurationBuckets.RELATIVE_ACCURACY);
        return totals;
    }

    /** met / (met + breached), in percent; null when nothing closed. */
    static Double compliance(Map<String, Object> row) {
        long met = ((Number) row.get("met")).longValue();
        long breached = ((Number) row.get("breached")).longValue();
        return met + breached == 0 ? null : Math.round(met * 100_000.0 / (met + breached)) / 1000.0;
    }

    private static long sum(List<Map<String, Object>> rows, String column) {
        return rows.stream().mapToLong(row -> ((Number) row.get(column)).longValue()).sum();
    }

    private static Map<String, Object> parameters(ReportFilter filter, Dimension by, String interval) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("from", filter.from().toString());
        parameters.put("to", filter.to().toString());
        parameters.put("timeZone", filter.zone().getId());
        if (by != null) {
            parameters.put("by", by.name().toLowerCase());
        }
        if (interval != null) {
            parameters.put("interval", interval);
        }
        if (filter.department() != null) {
            parameters.put("department", filter.department().toString());
        }
        if (filter.agent() != null) {
            parameters.put("agent", filter.agent().toString());
        }
        if (filter.channel() != null) {
            parameters.put("channel", filter.channel());
        }
        return parameters;
    }
}
