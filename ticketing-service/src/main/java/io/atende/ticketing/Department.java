package io.atende.ticketing;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "department")
public class Department extends PanacheEntityBase {

    /** How the department's queue gets owners: agents accept (MANUAL) or the service assigns. */
    public enum AssignmentMode {
        MANUAL, ROUND_ROBIN, LEAST_OPEN
    }

    @Id
    public UUID id;

    public String name;

    @Column(name = "is_default")
    public boolean isDefault;

    @Enumerated(EnumType.STRING)
    @Column(name = "assignment_mode")
    public AssignmentMode assignmentMode = AssignmentMode.MANUAL;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
}
