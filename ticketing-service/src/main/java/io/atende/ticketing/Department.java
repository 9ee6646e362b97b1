package io.atende.ticketing;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "department")
public class Department extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    @Column(name = "is_default")
    public boolean isDefault;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
}
