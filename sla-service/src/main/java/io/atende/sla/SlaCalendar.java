package io.atende.sla;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A business-hours calendar; intervals and holidays are stored as JSON (see {@code CalendarMapper}). */
@Entity
@Table(name = "sla_calendar")
public class SlaCalendar extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    @Column(name = "time_zone")
    public String timeZone;

    public String intervals;

    public String holidays;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
