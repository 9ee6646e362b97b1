package io.atende.ticketing;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.Priority;
import io.atende.contracts.ticket.TicketStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

@Entity
@Table(name = "ticket")
public class Ticket extends PanacheEntityBase {

    @Id
    public UUID id;

    public long number;

    @Column(name = "channel_type")
    public String channelType;

    @Column(name = "channel_id")
    public String channelId;

    @Column(name = "contact_id")
    public UUID contactId;

    @Column(name = "contact_address")
    public String contactAddress;

    @Column(name = "department_id")
    public UUID departmentId;

    @Column(name = "assignee_id")
    public UUID assigneeId;

    @Enumerated(EnumType.STRING)
    public Priority priority;

    @Enumerated(EnumType.STRING)
    public TicketStatus status;

    /** When Atende received the message that opened the ticket: the SLA start. */
    @Column(name = "opened_at")
    public Instant openedAt;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Invalid answers to the bot menu so far (status IN_MENU). */
    @Column(name = "menu_attempts")
    public int menuAttempts;

    /** When an unanswered menu falls back to the channel's default department (status IN_MENU). */
    @Column(name = "menu_deadline")
    public Instant menuDeadline;

    @Version
    public long version;
}
