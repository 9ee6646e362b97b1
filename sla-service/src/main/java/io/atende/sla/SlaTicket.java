package io.atende.sla;

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

/** What the SLA service knows of a ticket: its cycle, its dimensions and whether it waits on the customer. */
@Entity
@Table(name = "sla_ticket")
public class SlaTicket extends PanacheEntityBase {

    @Id
    @Column(name = "ticket_id")
    public UUID ticketId;

    @Column(name = "ticket_number")
    public long ticketNumber;

    public int cycle;

    @Column(name = "cycle_started_at")
    public Instant cycleStartedAt;

    @Column(name = "department_id")
    public UUID departmentId;

    @Column(name = "assignee_id")
    public UUID assigneeId;

    @Enumerated(EnumType.STRING)
    public Priority priority;

    @Column(name = "channel_id")
    public String channelId;

    @Column(name = "policy_id")
    public UUID policyId;

    /** A human replied in this cycle: later customer messages start next-response timers. */
    @Column(name = "replied_in_cycle")
    public boolean repliedInCycle;

    @Column(name = "waiting_on_customer")
    public boolean waitingOnCustomer;

    @Enumerated(EnumType.STRING)
    public TicketStatus status;

    /** A reopen at {@code at}: a new cycle whose targets the caller starts. */
    public void startCycle(Instant at) {
        cycle++;
        cycleStartedAt = at;
        repliedInCycle = false;
        waitingOnCustomer = false;
    }
}
