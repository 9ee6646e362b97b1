package io.atende.sla.mapping;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.atende.sla.SlaCalendar;
import io.atende.sla.service.BusinessCalendar;
import io.atende.sla.service.BusinessCalendar.Interval;
import jakarta.enterprise.context.ApplicationScoped;

/** Calendar rows to the arithmetic and to the API; the API's shapes are defined here too. */
@ApplicationScoped
public class CalendarMapper {

    public static final String DEFAULT_TIME_ZONE = "America/Sao_Paulo";

    /** One open interval: a day of the week and local times {@code HH:mm}, end exclusive, {@code 24:00} allowed. */
    public record IntervalJson(String day, String start, String end) {

        public DayOfWeek dayOfWeek() {
            try {
                return DayOfWeek.valueOf(day.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("'" + day + "' is not a day of the week (MONDAY..SUNDAY)");
            }
        }
    }

    private static final TypeReference<List<IntervalJson>> INTERVALS = new TypeReference<>() {
    };
    private static final TypeReference<List<LocalDate>> DATES = new TypeReference<>() {
    };

    private final ObjectMapper json;

    public CalendarMapper(ObjectMapper json) {
        this.json = json;
    }

    /** Validates (IllegalArgumentException with the reason: answered 400) and builds the arithmetic. */
    public BusinessCalendar calendar(String timeZone, List<IntervalJson> intervals, List<String> holidays) {
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone == null ? DEFAULT_TIME_ZONE : timeZone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + timeZone + "'");
        }
        if (intervals == null) {
            throw new IllegalArgumentException("intervals are required");
        }
        List<Interval> parsed = intervals.stream().map(interval -> {
            if (interval == null || interval.day() == null) {
                throw new IllegalArgumentException("each interval needs a day (MONDAY..SUNDAY)");
            }
            return Interval.of(interval.dayOfWeek(), interval.start(), interval.end());
        }).toList();
        Set<LocalDate> days = new TreeSet<>(holidays(holidays));
        return BusinessCalendar.of(zone, parsed, days);
    }

    /** Parses holiday dates (yyyy-MM-dd); IllegalArgumentException names a malformed one. */
    public static List<LocalDate> holidays(List<String> holidays) {
        if (holidays == null) {
            return List.of();
        }
        return holidays.stream().map(day -> {
            try {
                return LocalDate.parse(day);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("holiday '" + day + "' is not a date (yyyy-MM-dd)");
            }
        }).distinct().sorted().toList();
    }

    public BusinessCalendar calendar(SlaCalendar row) {
        return calendar(row.timeZone, intervals(row), holidays(row).stream().map(LocalDate::toString).toList());
    }

    public List<IntervalJson> intervals(SlaCalendar row) {
        return read(row.intervals, INTERVALS);
    }

    public List<LocalDate> holidays(SlaCalendar row) {
        return read(row.holidays, DATES);
    }

    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored calendar is not readable", e);
        }
    }
}
