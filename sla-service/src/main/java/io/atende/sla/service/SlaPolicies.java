package io.atende.sla.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.atende.contracts.Priority;
import io.atende.platform.rest.ProblemException;
import io.atende.sla.SlaCalendar;
import io.atende.sla.SlaPolicy;
import io.atende.sla.config.SlaConfig;
import io.atende.sla.mapping.CalendarMapper;
import io.atende.sla.mapping.CalendarMapper.IntervalJson;
import io.atende.sla.repository.SlaCalendarRepository;
import io.atende.sla.repository.SlaPolicyRepository;
import io.atende.sla.repository.SlaTimerRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** SLA policies and business-hours calendars: which targets apply to a ticket, and their administration. */
@ApplicationScoped
public class SlaPolicies {

    /** What an administrator asks for; validated here (400 with the reason). */
    public record CalendarRequest(String name, String timeZone, List<IntervalJson> intervals, List<String> holidays) {
    }

    public record PolicyRequest(UUID departmentId, Priority priority, Long firstResponseSeconds,
            Long nextResponseSeconds, Long resolutionSeconds, Integer warningPercent, UUID calendarId) {
    }

    private final SlaPolicyRepository policies;
    private final SlaCalendarRepository calendars;
    private final SlaTimerRepository timers;
    private final CalendarMapper mapper;
    private final SlaConfig config;

    public SlaPolicies(SlaPolicyRepository policies, SlaCalendarRepository calendars, SlaTimerRepository timers,
            CalendarMapper mapper, SlaConfig config) {
        this.policies = policies;
        this.calendars = calendars;
        this.timers = timers;
        this.mapper = mapper;
        this.config = config;
    }

    /** The policies and calendars read in a ticket-event batch's transaction, resolved in memory. */
    public PolicyBook book(List<SlaPolicy> stored, List<SlaCalendar> storedCalendars) {
        return new PolicyBook(stored, storedCalendars, mapper::calendar, new EffectivePolicy(null, config.firstResponse(),
                config.nextResponse(), config.resolution(), config.warningPercent(), null, BusinessCalendar.alwaysOpen()));
    }

    static EffectivePolicy effective(SlaPolicy policy, BusinessCalendar calendar) {
        return new EffectivePolicy(policy.id, Duration.ofSeconds(policy.firstResponseSeconds),
                Duration.ofSeconds(policy.nextResponseSeconds), Duration.ofSeconds(policy.resolutionSeconds),
                policy.warningPercent, policy.calendarId, calendar);
    }

    /** The arithmetic of a calendar; calendar time when there is none. */
    public Uni<BusinessCalendar> calendar(UUID calendarId) {
        if (calendarId == null) {
            return Uni.createFrom().item(BusinessCalendar.alwaysOpen());
        }
        return calendars.findById(calendarId)
                .map(row -> row == null ? BusinessCalendar.alwaysOpen() : mapper.calendar(row));
    }

    // --- administration ---

    public Uni<List<SlaCalendar>> calendars() {
        return calendars.listAll(Sort.by("name"));
    }

    public Uni<SlaCalendar> calendarRow(UUID id) {
        return calendars.findById(id).map(row -> found(row, "calendar " + id));
    }

    @WithTransaction
    public Uni<SlaCalendar> createCalendar(CalendarRequest request) {
        SlaCalendar row = new SlaCalendar();
        row.id = UUID.randomUUID();
        fill(row, request);
        return calendars.find("name", row.name).firstResult().flatMap(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("a calendar named '" + row.name + "' exists");
            }
            return calendars.persist(row);
        });
    }

    @WithTransaction
    public Uni<SlaCalendar> updateCalendar(UUID id, CalendarRequest request) {
        return calendars.findById(id).map(row -> {
            fill(found(row, "calendar " + id), request);
            return row;
        });
    }

    /**
     * Deletes a calendar nothing depends on: a policy naming it, or a running or paused timer counting in it (its
     * remaining time would silently turn into calendar time), makes it a 409 naming what still uses it.
     */
    @WithTransaction
    public Uni<Void> deleteCalendar(UUID id) {
        return calendars.findById(id).flatMap(row -> {
            found(row, "calendar " + id);
            return policies.count("calendarId", id).flatMap(usingPolicies -> timers.countUnfinishedIn(id)
                    .flatMap(usingTimers -> {
                        if (usingPolicies > 0 || usingTimers > 0) {
                            throw ProblemException.conflict("calendar " + id + " is in use by " + usingPolicies
                                    + " policies and " + usingTimers + " running or paused timers");
                        }
                        return calendars.delete(row);
                    }));
        });
    }

    private void fill(SlaCalendar row, CalendarRequest request) {
        if (request == null || request.name() == null || request.name().isBlank()) {
            throw new IllegalArgumentException("name is required");
        }
        // Validates time zone, intervals (format, order, overlaps) and holidays.
        mapper.calendar(request.timeZone(), request.intervals(), request.holidays());
        row.name = request.name().strip();
        row.timeZone = request.timeZone() == null ? CalendarMapper.DEFAULT_TIME_ZONE : request.timeZone();
        row.intervals = mapper.write(request.intervals().stream()
                .map(interval -> new IntervalJson(interval.dayOfWeek().name(), interval.start(), interval.end())).toList());
        row.holidays = mapper.write(CalendarMapper.holidays(request.holidays()));
        row.updatedAt = Instant.now();
    }

    public Uni<List<SlaPolicy>> policies() {
        return policies.listAll(Sort.by("departmentId", Sort.Direction.Ascending, Sort.NullPrecedence.NULLS_LAST).and("priority"));
    }

    public Uni<SlaPolicy> policy(UUID id) {
        return policies.findById(id).map(row -> found(row, "policy " + id));
    }

    @WithTransaction
    public Uni<SlaPolicy> createPolicy(PolicyRequest request) {
        SlaPolicy row = new SlaPolicy();
        row.id = UUID.randomUUID();
        return validate(request).flatMap(valid -> policies.inScope(request.departmentId(), request.priority()))
                .flatMap(existing -> {
                    if (existing != null) {
                        throw ProblemException.conflict("a policy for this department and priority exists: " + existing.id);
                    }
                    fill(row, request);
                    return policies.persist(row);
                });
    }

    @WithTransaction
    public Uni<SlaPolicy> updatePolicy(UUID id, PolicyRequest request) {
        return validate(request).flatMap(valid -> policies.findById(id)).flatMap(row -> {
            found(row, "policy " + id);
            return policies.inScope(request.departmentId(), request.priority()).map(existing -> {
                if (existing != null && !existing.id.equals(id)) {
                    throw ProblemException.conflict("a policy for this department and priority exists: " + existing.id);
                }
                fill(row, request);
                return row;
            });
        });
    }

    @WithTransaction
    public Uni<Void> deletePolicy(UUID id) {
        return policies.deleteById(id).map(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("policy " + id);
            }
            return null;
        });
    }

    private Uni<Void> validate(PolicyRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("a policy body is required");
        }
        positive(request.firstResponseSeconds(), "firstResponseSeconds");
        positive(request.nextResponseSeconds(), "nextResponseSeconds");
        positive(request.resolutionSeconds(), "resolutionSeconds");
        int warning = Objects.requireNonNullElse(request.warningPercent(), 80);
        if (warning < 1 || warning > 99) {
            throw new IllegalArgumentException("warningPercent must be between 1 and 99");
        }
        if (request.calendarId() == null) {
            return Uni.createFrom().voidItem();
        }
        return calendars.findById(request.calendarId()).map(calendar -> {
            if (calendar == null) {
                throw new IllegalArgumentException("unknown calendar " + request.calendarId());
            }
            return null;
        });
    }

    private static void positive(Long seconds, String field) {
        if (seconds == null || seconds <= 0) {
            throw new IllegalArgumentException(field + " must be a positive number of seconds");
        }
    }

    private static void fill(SlaPolicy row, PolicyRequest request) {
        row.departmentId = request.departmentId();
        row.priority = request.priority();
        row.firstResponseSeconds = request.firstResponseSeconds();
        row.nextResponseSeconds = request.nextResponseSeconds();
        row.resolutionSeconds = request.resolutionSeconds();
        row.warningPercent = Objects.requireNonNullElse(request.warningPercent(), 80);
        row.calendarId = request.calendarId();
        row.updatedAt = Instant.now();
    }

    private static <T> T found(T row, String what) {
        if (row == null) {
            throw ProblemException.notFound(what + " not found");
        }
        return row;
    }
}
