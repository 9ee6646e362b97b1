package io.atende.sla;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A ticket event that arrived before its ticket's TicketOpened, kept to be applied when that arrives. */
@Entity
@Table(name = "sla_parked_event")
public class ParkedTicketEvent extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "ticket_id")
    public UUID ticketId;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    public String payload;

    @Column(name = "parked_at")
    public Instant parkedAt;
}
