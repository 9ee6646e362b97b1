package io.atende.ticketing.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.atende.platform.rest.ProblemException;
import io.atende.ticketing.Department;
import io.atende.ticketing.repository.DepartmentRepository;
import io.atende.ticketing.rest.AdminViews.DepartmentBody;
import io.atende.ticketing.rest.AdminViews.DepartmentView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Departments: what admins maintain (names, assignment modes), and the check that ids name departments. */
@ApplicationScoped
public class Departments {

    private final DepartmentRepository departments;
    private final Assignment assignment;
    private final ReferenceData reference;

    public Departments(DepartmentRepository departments, Assignment assignment, ReferenceData reference) {
        this.departments = departments;
        this.assignment = assignment;
        this.reference = reference;
    }

    @WithSession
    public Uni<List<DepartmentView>> departments() {
        return departments.listAll(Sort.by("name"))
                .map(all -> all.stream().map(Departments::view).toList());
    }

    @WithSession
    public Uni<DepartmentView> department(UUID id) {
        return findDepartment(id).map(Departments::view);
    }

    @WithTransaction
    public Uni<DepartmentView> createDepartment(DepartmentBody body) {
        Required.text(body == null ? null : body.name(), "name");
        return departments.find("name", body.name().strip()).firstResult().flatMap(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("a department named '" + body.name().strip() + "' exists");
            }
            Department department = new Department();
            department.id = UUID.randomUUID();
            department.name = body.name().strip();
            department.assignmentMode = body.assignmentMode() == null ? Department.AssignmentMode.MANUAL
                    : body.assignmentMode();
            return departments.persist(department).invoke(reference::invalidate).map(Departments::view);
        });
    }

    @WithTransaction
    public Uni<DepartmentView> updateDepartment(UUID id, DepartmentBody body) {
        if (body == null) {
            throw ProblemException.badRequest("a department body is required");
        }
        return findDepartment(id).flatMap(department -> {
            if (body.name() != null && !body.name().isBlank()) {
                department.name = body.name().strip();
            }
            // A MANUAL department made automatic: its queue is assigned now, to the ONLINE agents with room.
            boolean nowAutomatic = department.assignmentMode == Department.AssignmentMode.MANUAL
                    && body.assignmentMode() != null && body.assignmentMode() != Department.AssignmentMode.MANUAL;
            if (body.assignmentMode() != null) {
                department.assignmentMode = body.assignmentMode();
            }
            reference.invalidate();
            return (nowAutomatic ? assignment.offerQueues(null, List.of(department.id), Instant.now())
                    : Uni.createFrom().voidItem()).map(done -> view(department));
        });
    }

    private Uni<Department> findDepartment(UUID id) {
        return departments.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("no department " + id));
    }

    /** Fails with a 404 naming the first of the ids that is no department. */
    Uni<Void> requireAll(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return departments.list("id in ?1", ids).invoke(found -> {
            List<UUID> missing = new ArrayList<>(ids);
            found.forEach(department -> missing.remove(department.id));
            if (!missing.isEmpty()) {
                throw ProblemException.notFound("no department " + missing.get(0));
            }
        }).replaceWithVoid();
    }

    private static DepartmentView view(Department department) {
        return new DepartmentView(department.id, department.name, department.isDefault, department.assignmentMode);
    }
}
