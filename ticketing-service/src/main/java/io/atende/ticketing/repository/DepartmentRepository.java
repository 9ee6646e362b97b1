package io.atende.ticketing.repository;

import java.util.UUID;

import io.atende.ticketing.Department;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class DepartmentRepository implements PanacheRepositoryBase<Department, UUID> {

    public Uni<Department> findDefault() {
        return find("isDefault", true).firstResult();
    }
}
