package io.atende.platform.security;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.atende.platform.rest.ProblemException;
import jakarta.json.JsonString;

/**
 * Which departments a caller of a supervisor's endpoint (reports, SLA status) may see: an admin every one, anyone
 * else the department ids of the token's {@code departments} claim (none if it has no such claim). A claim that is
 * not a list of department ids is a 403 problem, never a 500.
 */
public final class SupervisedDepartments {

    static final String MALFORMED = "the token's 'departments' claim is not a list of department ids:"
            + " no department's figures can be shown";

    private final Set<UUID> departments;

    private SupervisedDepartments(Set<UUID> departments) {
        this.departments = departments;
    }

    public static SupervisedDepartments of(JsonWebToken caller) {
        if (caller.getGroups().contains("admin")) {
            return new SupervisedDepartments(null);
        }
        Set<UUID> departments = new HashSet<>();
        Object claim = caller.getClaim("departments");
        if (claim == null) {
            return new SupervisedDepartments(Set.of());
        }
        if (!(claim instanceof Iterable<?> values)) {
            throw ProblemException.forbidden(MALFORMED);
        }
        for (Object value : values) {
            String id = value instanceof JsonString text ? text.getString() : String.valueOf(value);
            try {
                departments.add(UUID.fromString(id));
            } catch (IllegalArgumentException notAnId) {
                throw ProblemException.forbidden(MALFORMED);
            }
        }
        return new SupervisedDepartments(Set.copyOf(departments));
    }

    /** Whether every department is visible (an admin). */
    public boolean all() {
        return departments == null;
    }

    /** The visible departments; only meaningful when not {@link #all()}. */
    public Set<UUID> ids() {
        return departments == null ? Set.of() : departments;
    }

    public boolean includes(UUID departmentId) {
        return departments == null || departments.contains(departmentId);
    }

    /** A 403 problem unless the department is visible. */
    public void require(UUID departmentId) {
        if (!includes(departmentId)) {
            throw ProblemException.forbidden("department " + departmentId + " is not one you supervise");
        }
    }
}
