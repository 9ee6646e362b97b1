package io.atende.reporting.repository;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What a report is about: the period [from, to), the zone its buckets are cut in, optional department, agent and
 * channel, and the departments the caller may see (null: all, for admins).
 */
public record ReportFilter(Instant from, Instant to, ZoneId zone, UUID department, UUID agent, String channel,
        Set<UUID> visibleDepartments) {

    /** SQL with positional parameters, built up as a report's filters apply. */
    public static final class Sql {

        private final StringBuilder text = new StringBuilder();
        private final List<Object> parameters = new ArrayList<>();

        public Sql append(String fragment) {
            text.append(fragment);
            return this;
        }

        /** Appends a placeholder bound to {@code value}. */
        public Sql bind(Object value) {
            // The PostgreSQL client encodes timestamptz from OffsetDateTime, not Instant.
            parameters.add(value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value);
            text.append('$').append(parameters.size());
            return this;
        }

        public String text() {
            return text.toString();
        }

        public List<Object> parameters() {
            return parameters;
        }
    }

    /** Appends " and ..." conditions for the filters, on a table with these columns (null: it has none). */
    public Sql restrict(Sql sql, String departmentColumn, String agentColumn, String channelColumn) {
        if (department != null && departmentColumn != null) {
            sql.append(" and ").append(departmentColumn).append(" = ").bind(department);
        }
        if (visibleDepartments != null && departmentColumn != null) {
            sql.append(" and ").append(departmentColumn).append(" = any(").bind(visibleDepartments.toArray(UUID[]::new))
                    .append(")");
        }
        if (agent != null && agentColumn != null) {
            sql.append(" and ").append(agentColumn).append(" = ").bind(agent);
        }
        if (channel != null && channelColumn != null) {
            sql.append(" and ").append(channelColumn).append(" = ").bind(channel);
        }
        return sql;
    }
}
