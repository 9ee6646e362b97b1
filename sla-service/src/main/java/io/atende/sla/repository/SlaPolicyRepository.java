package io.atende.sla.repository;

import java.util.UUID;

import io.atende.contracts.Priority;
import io.atende.sla.SlaPolicy;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class SlaPolicyRepository implements PanacheRepositoryBase<SlaPolicy, UUID> {

    /** The policy defined for exactly this scope (nulls included). */
    public Uni<SlaPolicy> inScope(UUID departmentId, Priority priority) {
        Parameters params = new Parameters();
        String department = "departmentId is null";
        if (departmentId != null) {
            department = "departmentId = :department";
            params.and("department", departmentId);
        }
        String prio = "priority is null";
        if (priority != null) {
            prio = "priority = :priority";
            params.and("priority", priority);
        }
        return find(department + " and " + prio, params).firstResult();
    }
}
