package io.atende.ticketing.rest;

import java.util.List;
import java.util.UUID;

import io.atende.ticketing.AppUser;
import io.atende.ticketing.Department;

/** Request and response bodies of the admin API. */
public final class AdminViews {

    private AdminViews() {
    }

    public record DepartmentBody(String name, Department.AssignmentMode assignmentMode) {
    }

    public record DepartmentView(UUID id, String name, boolean isDefault, Department.AssignmentMode assignmentMode) {
    }

    /** {@code username} must equal the token name ({@code upn}, else {@code sub}) of the person. */
    public record UserBody(String username, String displayName, AppUser.Role role, List<UUID> departmentIds,
            AppUser.Availability availability, Integer capacity) {
    }

    public record UserView(UUID id, String username, String displayName, AppUser.Role role, List<UUID> departmentIds,
            AppUser.Availability availability, int capacity) {
    }

    public record AvailabilityBody(AppUser.Availability availability) {
    }

    /**
     * Departments in menu order; the default department takes tickets when the menu does not decide; null texts use
     * the configured Brazilian Portuguese defaults.
     */
    public record ChannelSettingsBody(List<UUID> departmentIds, UUID defaultDepartmentId, String greeting,
            String invalidOption, Integer maxInvalidAnswers) {
    }

    public record ChannelSettingsView(String channelId, List<UUID> departmentIds, UUID defaultDepartmentId,
            String greeting, String invalidOption, int maxInvalidAnswers) {
    }
}
