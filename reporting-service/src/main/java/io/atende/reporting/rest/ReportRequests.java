package io.atende.reporting.rest;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.atende.platform.rest.ProblemException;
import io.atende.platform.security.SupervisedDepartments;
import io.atende.reporting.config.ReportingConfig;
import io.atende.reporting.repository.ReportFilter;
import io.atende.reporting.repository.ReportQueries.Dimension;
import jakarta.enterprise.context.RequestScoped;

/**
 * Turns query parameters and the caller's token into a {@link ReportFilter}: every bad value is a 400 problem, a
 * department the caller does not supervise a 403. Supervisors see the departments in their token's
 * {@code departments} claim; admins see all.
 */
@RequestScoped
public class ReportRequests {

    static final Duration DEFAULT_PERIOD = Duration.ofDays(30);
    private static final List<String> INTERVALS = List.of("hour", "day", "week");

    private final JsonWebToken caller;
    private final ReportingConfig config;

    public ReportRequests(JsonWebToken caller, ReportingConfig config) {
        this.caller = caller;
        this.config = config;
    }

    public ReportFilter filter(String from, String to, String timeZone, String department, String agent, String channel) {
        Instant end = instant("to", to, Instant.now());
        Instant start = instant("from", from, end.minus(DEFAULT_PERIOD));
        if (start.isAfter(end)) {
            throw ProblemException.badRequest("'from' (" + start + ") is after 'to' (" + end + ")");
        }
        UUID departmentId = uuid("department", department);
        SupervisedDepartments visible = SupervisedDepartments.of(caller);
        if (departmentId != null) {
            visible.require(departmentId);
        }
        return new ReportFilter(start, end, zone(timeZone), departmentId, uuid("agent", agent),
                channel == null || channel.isBlank() ? null : channel.strip(), visible.all() ? null : visible.ids());
    }

    public Dimension dimension(String by, Dimension fallback) {
        if (by == null || by.isBlank()) {
            return fallback;
        }
        try {
            return Dimension.valueOf(by.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("unknown dimension '" + by + "': use none, department, agent or channel");
        }
    }

    /** The requested interval, coarsened (hour, day, week) until the period fits in the bucket limit. */
    public String interval(String interval, ReportFilter filter) {
        String requested = interval == null || interval.isBlank() ? "day" : interval.strip().toLowerCase(Locale.ROOT);
        int index = INTERVALS.indexOf(requested);
        if (index < 0) {
            throw ProblemException.badRequest("unknown interval '" + interval + "': use hour, day or week");
        }
        Duration period = Duration.between(filter.from(), filter.to());
        List<Duration> lengths = List.of(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(7));
        while (index < INTERVALS.size() && period.dividedBy(lengths.get(index)) > config.maxBuckets()) {
            index++;
        }
        if (index == INTERVALS.size()) {
            throw ProblemException.badRequest("the period holds more than " + config.maxBuckets()
                    + " weeks: ask for a shorter one");
        }
        return INTERVALS.get(index);
    }

    private ZoneId zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return config.timeZone();
        }
        try {
            return ZoneId.of(timeZone.strip());
        } catch (DateTimeException e) {
            throw ProblemException.badRequest("unknown time zone '" + timeZone + "'");
        }
    }

    private static Instant instant(String name, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("'" + name + "' is not an ISO-8601 instant: " + value);
        }
    }

    private static UUID uuid(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("'" + name + "' is not an id: " + value);
        }
    }
}
