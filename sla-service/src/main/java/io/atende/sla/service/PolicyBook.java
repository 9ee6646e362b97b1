package io.atende.sla.service;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.atende.contracts.Priority;
import io.atende.sla.SlaCalendar;
import io.atende.sla.SlaPolicy;

/**
 * The stored policies and calendars as one batch of ticket events sees them (read once, in its transaction): which
 * targets apply to a department and priority, and each calendar's arithmetic, answered in memory.
 */
public final class PolicyBook {

    private final List<SlaPolicy> policies;
    private final Map<UUID, SlaCalendar> calendarRows = new HashMap<>();
    private final Function<SlaCalendar, BusinessCalendar> arithmetic;
    private final EffectivePolicy fallback;
    private final Map<UUID, BusinessCalendar> calendars = new HashMap<>();
    private final Map<String, EffectivePolicy> resolved = new HashMap<>();

    PolicyBook(List<SlaPolicy> policies, List<SlaCalendar> calendars, Function<SlaCalendar, BusinessCalendar> arithmetic,
            EffectivePolicy fallback) {
        this.policies = policies;
        calendars.forEach(row -> calendarRows.put(row.id, row));
        this.arithmetic = arithmetic;
        this.fallback = fallback;
    }

    /**
     * The most specific stored policy for a department and priority (both, department only, priority only, neither),
     * else the configured default. A null department or priority matches only the policies that name none.
     */
    public EffectivePolicy resolve(UUID departmentId, Priority priority) {
        return resolved.computeIfAbsent(departmentId + "/" + priority, key -> {
            SlaPolicy best = null;
            int bestScore = -1;
            for (SlaPolicy policy : policies) {
                boolean department = policy.departmentId != null;
                boolean prio = policy.priority != null;
                if ((department && !policy.departmentId.equals(departmentId)) || (prio && policy.priority != priority)) {
                    continue;
                }
                int score = (department ? 2 : 0) + (prio ? 1 : 0);
                if (score > bestScore) {
                    best = policy;
                    bestScore = score;
                }
            }
            return best == null ? fallback : SlaPolicies.effective(best, calendar(best.calendarId));
        });
    }

    /** The arithmetic of a calendar; calendar time when there is none (or it is gone). */
    public BusinessCalendar calendar(UUID calendarId) {
        if (calendarId == null) {
            return BusinessCalendar.alwaysOpen();
        }
        return calendars.computeIfAbsent(calendarId, id -> {
            SlaCalendar row = calendarRows.get(id);
            return row == null ? BusinessCalendar.alwaysOpen() : arithmetic.apply(row);
        });
    }
}
