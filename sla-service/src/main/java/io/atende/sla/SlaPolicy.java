package io.atende.sla;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.Priority;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** SLA targets for a department and/or priority (null matches any); no calendar means calendar time. */
@Entity
@Table(name = "sla_policy")
public class SlaPolicy extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "department_id")
    public UUID departmentId;

    @Enumerated(EnumType.STRING)
    public Priority priority;

    @Column(name = "first_response_seconds")
    public long firstResponseSeconds;

    @Column(name = "next_response_seconds")
    public long nextResponseSeconds;

    @Column(name = "resolution_seconds")
    public long resolutionSeconds;

    @Column(name = "warning_percent")
    public int warningPercent;

    @Column(name = "calendar_id")
    public UUID calendarId;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
