package io.atende.sla.service;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.atende.sla.service.BusinessCalendar.Interval;

/** Plain JUnit: the edges of business-time arithmetic. Dates are in 2026 (Mon 2026-03-02 is a Monday). */
class BusinessCalendarTest {

    private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId LISBON = ZoneId.of("Europe/Lisbon");

    /** Mon-Fri 08:00-12:00 and 13:00-18:00. */
    private static BusinessCalendar office(ZoneId zone, LocalDate... holidays) {
        List<Interval> intervals = new ArrayList<>();
        for (DayOfWeek day : EnumSet.range(MONDAY, FRIDAY)) {
            intervals.add(Interval.of(day, "08:00", "12:00"));
            intervals.add(Interval.of(day, "13:00", "18:00"));
        }
        return BusinessCalendar.of(zone, intervals, Set.of(holidays));
    }

    private static BusinessCalendar everyDay(ZoneId zone, String start, String end) {
        return BusinessCalendar.of(zone, EnumSet.allOf(DayOfWeek.class).stream()
                .map(day -> Interval.of(day, start, end)).toList(), Set.of());
    }

    private static Instant at(ZoneId zone, String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }

    @Test
    void addsWithinOneInterval() {
        BusinessCalendar calendar = office(SAO_PAULO);
        assertThat(calendar.addBusinessTime(at(SAO_PAULO, "2026-03-02T10:00"), Duration.ofHours(1)))
                .isEqualTo(at(SAO_PAULO, "2026-03-02T11:00"))
                .isEqualTo(Instant.parse("2026-03-02T14:00:00Z"));
    }

    @Test
    void skipsTheLunchBreakBetweenTwoIntervalsOfADay() {
        BusinessCalendar calendar = office(SAO_PAULO);
        assertThat(calendar.addBusinessTime(at(SAO_PAULO, "2026-03-02T11:30"), Duration.ofHours(1)))
                .isEqualTo(at(SAO_PAULO, "2026-03-02T13:30"));
    }

    @Test
    void carriesOverMidnightToTheNextOpening() {
        BusinessCalendar calendar = office(SAO_PAULO);
        assertThat(calendar.addBusinessTime(at(SAO_PAULO, "2026-03-02T17:30"), Duration.ofHours(1)))
                .isEqualTo(at(SAO_PAULO, "2026-03-03T08:30"));
    }

    @Test
    void skipsTheWeekend() {
        BusinessCalendar calendar = office(SAO_PAULO);
        assertThat(calendar.addBusinessTime(at(SAO_PAULO, "2026-03-06T17:00"), Duration.ofHours(2)))
                .isEqualTo(at(SAO_PAULO, "2026-03-09T09:00"));
        assertThat(calendar.businessTimeBetween(at(SAO_PAULO, "2026-03-06T17:00"), at(SAO_PAULO, "2026-03-09T09:00")))
                .isEqualTo(Duration.ofHours(2));
    }

    @Test
    void skipsAHolidayAfterTheWeekend() {
        BusinessCalendar calendar = office(SAO_PAULO, LocalDate.parse("2026-03-09"));
        assertThat(calendar.addBusinessTime(at(SAO_PAULO, "2026-03-06T17:00"), Duration.ofHours(2)))
                .isEqualTo(at(SAO_PAULO, "2026-03-10T09:00"));
        assertThat(calendar.businessTimeBetween(at(SAO_PAULO, "2026-03-06T00:00"), at(SAO_PAULO, "2026-03-11T00:00")))
                .isEqualTo(Duration.ofHours(9 * 2));
    }

    @Test
    void aStartOutsideBusinessHoursCountsFromTheNextOpening() {
        BusinessCalendar calendar = office(SAO_PAULO);
        assertThat(calendar.addBusinessTime(at(SAO_PAULO, "2026-03-07T10:00"), Duration.ofMinutes(30)))
                .isEqualTo(at(SAO_PAULO, "2026-03-09T08:30"));
        assertThat(calendar.addBusinessTime(at(SAO_PAULO, "2026-03-02T12:10"), Duration.ZERO))
                .isEqualTo(at(SAO_PAULO, "2026-03-02T13:00"));
        assertThat(calendar.businessTimeBetween(at(SAO_PAULO, "2026-03-07T10:00"), at(SAO_PAULO, "2026-03-08T23:00")))
                .isZero();
    }

    @Test
    void anIntervalEndIsExclusiveAndTouchingIntervalsAreOneStretch() {
        BusinessCalendar calendar = BusinessCalendar.of(SAO_PAULO,
                List.of(Interval.of(MONDAY, "08:00", "12:00"), Interval.of(MONDAY, "12:00", "24:00"),
                        Interval.of(TUESDAY, "00:00", "02:00")), Set.of());
        assertThat(calendar.addBusinessTime(at(SAO_PAULO, "2026-03-02T11:00"), Duration.ofHours(14)))
                .isEqualTo(at(SAO_PAULO, "2026-03-03T01:00"));
        assertThat(calendar.addBusinessTime(at(SAO_PAULO, "2026-03-02T11:00"), Duration.ofHours(15)))
                .isEqualTo(at(SAO_PAULO, "2026-03-03T02:00"));
        assertThat(calendar.isOpen(at(SAO_PAULO, "2026-03-03T02:00"))).isFalse();
        assertThat(calendar.isOpen(at(SAO_PAULO, "2026-03-03T01:59:59"))).isTrue();
    }

    @Test
    void saoPauloHasNoDaylightSavingSoEveryDayHas24Hours() {
        BusinessCalendar calendar = everyDay(SAO_PAULO, "00:00", "24:00");
        // Brazil abolished DST in 2019: early November and mid February are ordinary days.
        assertThat(calendar.businessTimeBetween(at(SAO_PAULO, "2026-11-01T00:00"), at(SAO_PAULO, "2026-11-02T00:00")))
                .isEqualTo(Duration.ofHours(24));
        assertThat(calendar.addBusinessTime(Instant.parse("2026-02-14T12:00:00Z"), Duration.ofDays(2)))
                .isEqualTo(Instant.parse("2026-02-16T12:00:00Z"));
    }

    @Test
    void theNewYorkSpringForwardDayHas23BusinessHours() {
        BusinessCalendar calendar = everyDay(NEW_YORK, "00:00", "24:00");
        assertThat(calendar.businessTimeBetween(at(NEW_YORK, "2026-03-08T00:00"), at(NEW_YORK, "2026-03-09T00:00")))
                .isEqualTo(Duration.ofHours(23));
        // 24 real hours after Saturday noon is Sunday 13:00 on the wall clock.
        assertThat(calendar.addBusinessTime(at(NEW_YORK, "2026-03-07T12:00"), Duration.ofHours(24)))
                .isEqualTo(at(NEW_YORK, "2026-03-08T13:00"));
    }

    @Test
    void anIntervalSpanningTheSpringForwardGapIsOneHourShorter() {
        BusinessCalendar calendar = everyDay(NEW_YORK, "01:00", "04:00");
        assertThat(calendar.businessTimeBetween(at(NEW_YORK, "2026-03-08T00:00"), at(NEW_YORK, "2026-03-09T00:00")))
                .isEqualTo(Duration.ofHours(2));
        // 01:00 EST + 1 h is 03:00 EDT: 02:xx does not exist that night.
        assertThat(calendar.addBusinessTime(at(NEW_YORK, "2026-03-08T01:00"), Duration.ofHours(1)))
                .isEqualTo(at(NEW_YORK, "2026-03-08T03:00"));
        assertThat(calendar.addBusinessTime(at(NEW_YORK, "2026-03-08T01:00"), Duration.ofHours(3)))
                .isEqualTo(at(NEW_YORK, "2026-03-09T02:00"));
    }

    @Test
    void anIntervalThatStartsInsideTheGapOpensWhenTheClockResumes() {
        BusinessCalendar calendar = everyDay(NEW_YORK, "02:30", "05:00");
        // 02:30 does not exist on 2026-03-08: the interval opens at 03:30 EDT (the gap's length later) = 07:30Z.
        assertThat(calendar.addBusinessTime(at(NEW_YORK, "2026-03-08T00:00"), Duration.ZERO))
                .isEqualTo(Instant.parse("2026-03-08T07:30:00Z"));
        assertThat(calendar.businessTimeBetween(at(NEW_YORK, "2026-03-08T00:00"), at(NEW_YORK, "2026-03-09T00:00")))
                .isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void theNewYorkFallBackDayHas25BusinessHours() {
        BusinessCalendar calendar = everyDay(NEW_YORK, "00:00", "24:00");
        assertThat(calendar.businessTimeBetween(at(NEW_YORK, "2026-11-01T00:00"), at(NEW_YORK, "2026-11-02T00:00")))
                .isEqualTo(Duration.ofHours(25));
        assertThat(calendar.addBusinessTime(at(NEW_YORK, "2026-10-31T12:00"), Duration.ofHours(24)))
                .isEqualTo(at(NEW_YORK, "2026-11-01T11:00"));
    }

    @Test
    void lisbonChangesAtOneUtcAndBusinessHoursFollowTheWallClock() {
        BusinessCalendar calendar = BusinessCalendar.of(LISBON,
                List.of(Interval.of(SATURDAY, "09:00", "17:00"), Interval.of(SUNDAY, "00:00", "03:00"),
                        Interval.of(MONDAY, "09:00", "17:00")), Set.of());
        // Sunday 2026-03-29 01:00 WET -> 02:00 WEST: 00:00-03:00 is two real hours.
        assertThat(calendar.businessTimeBetween(at(LISBON, "2026-03-29T00:00"), at(LISBON, "2026-03-30T00:00")))
                .isEqualTo(Duration.ofHours(2));
        // Sunday 2026-10-25 02:00 WEST -> 01:00 WET: 00:00-03:00 is four real hours.
        assertThat(calendar.businessTimeBetween(at(LISBON, "2026-10-25T00:00"), at(LISBON, "2026-10-26T00:00")))
                .isEqualTo(Duration.ofHours(4));
        // Saturday 16:00 + 1 h closes Saturday; 4 h of Sunday; 1 h more is Monday 10:00 WET.
        assertThat(calendar.addBusinessTime(at(LISBON, "2026-10-24T16:00"), Duration.ofHours(6)))
                .isEqualTo(at(LISBON, "2026-10-26T10:00"))
                .isEqualTo(Instant.parse("2026-10-26T10:00:00Z"));
        // Monday opens 09:00 WEST (08:00Z) in summer and 09:00 WET (09:00Z) in winter.
        assertThat(calendar.addBusinessTime(Instant.parse("2026-03-30T00:00:00Z"), Duration.ZERO))
                .isEqualTo(Instant.parse("2026-03-30T08:00:00Z"));
    }

    @Test
    void addingAndMeasuringAgreeEverywhere() {
        Random random = new Random(42);
        for (ZoneId zone : List.of(SAO_PAULO, NEW_YORK, LISBON)) {
            BusinessCalendar calendar = BusinessCalendar.of(zone, List.of(
                    Interval.of(MONDAY, "08:00", "12:00"), Interval.of(MONDAY, "13:00", "18:00"),
                    Interval.of(TUESDAY, "00:00", "02:30"), Interval.of(WEDNESDAY, "22:00", "24:00"),
                    Interval.of(THURSDAY, "00:00", "01:00"), Interval.of(SUNDAY, "00:30", "03:00")),
                    Set.of(LocalDate.parse("2026-03-09"), LocalDate.parse("2026-12-25")));
            for (int i = 0; i < 2000; i++) {
                Instant start = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(random.nextLong(365L * 86_400));
                Duration duration = Duration.ofSeconds(random.nextLong(40L * 3600));
                Instant end = calendar.addBusinessTime(start, duration);
                assertThat(calendar.businessTimeBetween(start, end)).as("%s %s + %s", zone, start, duration)
                        .isEqualTo(duration);
                assertThat(end).isAfterOrEqualTo(start);
            }
        }
    }

    @Test
    void calendarTimeCountsEveryInstant() {
        BusinessCalendar calendar = BusinessCalendar.alwaysOpen();
        Instant start = Instant.parse("2026-03-08T06:30:00Z");
        assertThat(calendar.addBusinessTime(start, Duration.ofMillis(2400))).isEqualTo(start.plusMillis(2400));
        assertThat(calendar.businessTimeBetween(start, start.plusSeconds(90))).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void rejectsOverlappingIntervalsAnEmptyScheduleAndBackwardIntervals() {
        assertThatThrownBy(() -> BusinessCalendar.of(SAO_PAULO,
                List.of(Interval.of(MONDAY, "08:00", "12:00"), Interval.of(MONDAY, "11:59", "18:00")), Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlap on MONDAY");
        assertThatThrownBy(() -> BusinessCalendar.of(SAO_PAULO, List.of(), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Interval.of(MONDAY, "18:00", "08:00")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Interval.of(MONDAY, "8h", "18:00")).isInstanceOf(IllegalArgumentException.class);
        assertThat(BusinessCalendar.of(SAO_PAULO,
                List.of(Interval.of(MONDAY, "08:00", "12:00"), Interval.of(MONDAY, "12:00", "18:00")), Set.of()))
                .isNotNull();
    }
}
