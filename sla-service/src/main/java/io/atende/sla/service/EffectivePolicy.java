package io.atende.sla.service;

import java.time.Duration;
import java.util.UUID;

import io.atende.contracts.sla.SlaTarget;

/**
 * The targets that apply to a ticket: a stored policy, or the configured fallback ({@code policyId} null).
 * {@code calendarId} null means calendar time.
 */
public record EffectivePolicy(UUID policyId, Duration firstResponse, Duration nextResponse, Duration resolution,
        int warningPercent, UUID calendarId, BusinessCalendar calendar) {

    public Duration target(SlaTarget target) {
        return switch (target) {
            case FIRST_RESPONSE -> firstResponse;
            case NEXT_RESPONSE -> nextResponse;
            case RESOLUTION -> resolution;
        };
    }
}
