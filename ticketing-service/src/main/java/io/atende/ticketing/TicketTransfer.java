package io.atende.ticketing;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Audit trail of a transfer: who moved the ticket, when, why, from where to where. */
@Entity
@Table(name = "ticket_transfer")
public class TicketTransfer extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "ticket_id")
    public UUID ticketId;

    @Column(name = "from_department_id")
    public UUID fromDepartmentId;

    @Column(name = "to_department_id")
    public UUID toDepartmentId;

    @Column(name = "from_assignee_id")
    public UUID fromAssigneeId;

    @Column(name = "to_assignee_id")
    public UUID toAssigneeId;

    @Column(name = "by_user_id")
    public UUID byUserId;

    @Column(name = "by_username")
    public String byUsername;

    public String reason;

    @Column(name = "transferred_at")
    public Instant transferredAt;
}
