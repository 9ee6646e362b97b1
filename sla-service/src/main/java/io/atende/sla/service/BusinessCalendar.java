package io.atende.sla.service;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Business-time arithmetic over a weekly schedule, holidays and a time zone. Pure: no clock, no database.
 * <p>
 * Business time is the real time (instants, not wall-clock readings) that falls inside the open intervals of the
 * calendar. An interval is a local time range of one day, {@code [start, end)}, with {@code end} up to 24:00; it is
 * turned into instants in the calendar's zone day by day, so on the day a clock springs forward an interval that
 * spans the gap is one hour shorter, and on the day it falls back one hour longer. A local time that does not exist
 * (in a spring-forward gap) moves forward by the length of the gap; an ambiguous one (fall-back overlap) takes the
 * earlier offset. Holidays close the whole local date.
 */
public final class BusinessCalendar {

    /** Open hours of one day, in seconds of the local day: {@code 0 <= start < end <= 86400}. */
    public record Interval(DayOfWeek day, int startSecond, int endSecond) {

        public Interval {
            if (day == null) {
                throw new IllegalArgumentException("interval day is required");
            }
            if (startSecond < 0 || endSecond > 86_400 || startSecond >= endSecond) {
                throw new IllegalArgumentException("interval on " + day + " must start before it ends, within the day");
            }
        }

        public static Interval of(DayOfWeek day, String start, String end) {
            return new Interval(day, secondOfDay(start), secondOfDay(end));
        }

        /** Parses {@code HH:mm} (or {@code HH:mm:ss}); {@code 24:00} is the end of the day. */
        public static int secondOfDay(String time) {
            if (time == null) {
                throw new IllegalArgumentException("interval start and end are required (HH:mm)");
            }
            if (time.equals("24:00") || time.equals("24:00:00")) {
                return 86_400;
            }
            try {
                return LocalTime.parse(time).toSecondOfDay();
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("'" + time + "' is not a time of day (HH:mm)");
            }
        }

        public static String format(int secondOfDay) {
            return secondOfDay == 86_400 ? "24:00" : LocalTime.ofSecondOfDay(secondOfDay).toString();
        }
    }

    /** How far ahead a due time is searched before the calendar is declared never open. */
    private static final int MAX_DAYS = 3 * 366;

    private static final BusinessCalendar ALWAYS_OPEN = new BusinessCalendar();

    private final ZoneId zone;
    private final Map<DayOfWeek, List<Interval>> week;
    private final Set<LocalDate> holidays;
    private final boolean alwaysOpen;

    private BusinessCalendar() {
        this.zone = ZoneId.of("UTC");
        this.week = Map.of();
        this.holidays = Set.of();
        this.alwaysOpen = true;
    }

    private BusinessCalendar(ZoneId zone, Map<DayOfWeek, List<Interval>> week, Set<LocalDate> holidays) {
        this.zone = zone;
        this.week = week;
        this.holidays = holidays;
        this.alwaysOpen = false;
    }

    /** Calendar time: every instant counts. */
    public static BusinessCalendar alwaysOpen() {
        return ALWAYS_OPEN;
    }

    /**
     * A business-hours calendar. Rejects (IllegalArgumentException) a schedule with no open interval and intervals
     * that overlap on the same day.
     */
    public static BusinessCalendar of(ZoneId zone, List<Interval> intervals, Set<LocalDate> holidays) {
        if (zone == null) {
            throw new IllegalArgumentException("time zone is required");
        }
        if (intervals == null || intervals.isEmpty()) {
            throw new IllegalArgumentException("a business-hours calendar needs at least one open interval");
        }
        Map<DayOfWeek, List<Interval>> week = new EnumMap<>(DayOfWeek.class);
        for (Interval interval : intervals) {
            week.computeIfAbsent(interval.day(), day -> new ArrayList<>()).add(interval);
        }
        for (List<Interval> day : week.values()) {
            day.sort(Comparator.comparingInt(Interval::startSecond));
            for (int i = 1; i < day.size(); i++) {
                if (day.get(i).startSecond() < day.get(i - 1).endSecond()) {
                    throw new IllegalArgumentException("intervals overlap on " + day.get(i).day() + ": "
                            + Interval.format(day.get(i - 1).startSecond()) + "-" + Interval.format(day.get(i - 1).endSecond())
                            + " and " + Interval.format(day.get(i).startSecond()) + "-" + Interval.format(day.get(i).endSecond()));
                }
            }
        }
        week.replaceAll((day, list) -> List.copyOf(list));
        return new BusinessCalendar(zone, week, holidays == null ? Set.of() : Set.copyOf(holidays));
    }

    public boolean isAlwaysOpen() {
        return alwaysOpen;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The instant at which {@code duration} of business time has passed since {@code start}. */
    public Instant addBusinessTime(Instant start, Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative");
        }
        if (alwaysOpen) {
            return start.plus(duration);
        }
        Duration remaining = duration;
        LocalDate date = LocalDate.ofInstant(start, zone).minusDays(1);
        for (int i = 0; i < MAX_DAYS; i++, date = date.plusDays(1)) {
            for (Instant[] window : windows(date)) {
                Instant from = window[0].isAfter(start) ? window[0] : start;
                if (!from.isBefore(window[1])) {
                    continue;
                }
                Duration open = Duration.between(from, window[1]);
                if (remaining.compareTo(open) <= 0) {
                    return from.plus(remaining);
                }
                remaining = remaining.minus(open);
            }
        }
        throw new IllegalStateException("the calendar has no open time in " + MAX_DAYS + " days after " + start);
    }

    /** Business time between two instants ({@code ZERO} if {@code to} is not after {@code from}). */
    public Duration businessTimeBetween(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        if (alwaysOpen) {
            return Duration.between(from, to);
        }
        Duration total = Duration.ZERO;
        LocalDate last = LocalDate.ofInstant(to, zone);
        for (LocalDate date = LocalDate.ofInstant(from, zone).minusDays(1); !date.isAfter(last); date = date.plusDays(1)) {
            for (Instant[] window : windows(date)) {
                Instant start = window[0].isAfter(from) ? window[0] : from;
                Instant end = window[1].isBefore(to) ? window[1] : to;
                if (end.isAfter(start)) {
                    total = total.plus(Duration.between(start, end));
                }
            }
        }
        return total;
    }

    /** Whether {@code at} falls inside an open interval. */
    public boolean isOpen(Instant at) {
        return alwaysOpen || !businessTimeBetween(at, at.plusNanos(1)).isZero();
    }

    /** The open intervals of a local date as instants, in order. */
    private List<Instant[]> windows(LocalDate date) {
        if (holidays.contains(date)) {
            return List.of();
        }
        List<Interval> day = week.getOrDefault(date.getDayOfWeek(), List.of());
        List<Instant[]> windows = new ArrayList<>(day.size());
        for (Interval interval : day) {
            windows.add(new Instant[] { instant(date, interval.startSecond()), instant(date, interval.endSecond()) });
        }
        return windows;
    }

    private Instant instant(LocalDate date, int secondOfDay) {
        LocalDateTime local = secondOfDay == 86_400 ? date.plusDays(1).atStartOfDay()
                : date.atTime(LocalTime.ofSecondOfDay(secondOfDay));
        return ZonedDateTime.ofLocal(local, zone, null).toInstant();
    }
}
