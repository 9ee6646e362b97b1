package io.atende.sla.testing;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.Priority;
import io.atende.contracts.channel.MessageKind;
import io.atende.contracts.ticket.CustomerMessageReceived;
import io.atende.contracts.ticket.TicketClosed;
import io.atende.contracts.ticket.TicketPriorityChanged;
import io.atende.contracts.ticket.TicketReopened;
import io.atende.contracts.ticket.TicketResolved;
import io.atende.contracts.ticket.TicketSnapshot;
import io.atende.contracts.ticket.TicketStatus;
import io.atende.contracts.ticket.TicketTransferred;
import io.atende.contracts.ticket.TicketWaitingOnCustomer;

/** Object mother for the ticket events the contracts' {@code TicketEvents} does not build. */
public final class MoreTicketEvents {

    private MoreTicketEvents() {
    }

    public static TicketSnapshot with(TicketSnapshot t, UUID departmentId, Priority priority, TicketStatus status) {
        return new TicketSnapshot(t.id(), t.number(), t.channel(), t.contact(), departmentId, t.departmentName(),
                t.assigneeId(), t.assigneeName(), priority, status, t.openedAt());
    }

    public static TicketSnapshot inDepartment(TicketSnapshot t, UUID departmentId) {
        return with(t, departmentId, t.priority(), t.status());
    }

    public static CustomerMessageReceived customerMessage(TicketSnapshot ticket, Instant at) {
        return new CustomerMessageReceived(UUID.randomUUID(), at, ticket, UUID.randomUUID(), "wamid-" + UUID.randomUUID(),
                MessageKind.TEXT);
    }

    public static TicketWaitingOnCustomer waitingOnCustomer(TicketSnapshot ticket, Instant at) {
        return new TicketWaitingOnCustomer(UUID.randomUUID(), at,
                with(ticket, ticket.departmentId(), ticket.priority(), TicketStatus.WAITING_ON_CUSTOMER), UUID.randomUUID());
    }

    public static TicketResolved resolved(TicketSnapshot ticket, Instant at) {
        return new TicketResolved(UUID.randomUUID(), at, with(ticket, ticket.departmentId(), ticket.priority(),
                TicketStatus.RESOLVED), UUID.randomUUID());
    }

    public static TicketReopened reopened(TicketSnapshot ticket, Instant at) {
        return new TicketReopened(UUID.randomUUID(), at, with(ticket, ticket.departmentId(), ticket.priority(),
                TicketStatus.OPEN), UUID.randomUUID(), "customer wrote again");
    }

    public static TicketClosed closed(TicketSnapshot ticket, Instant at) {
        return new TicketClosed(UUID.randomUUID(), at, with(ticket, ticket.departmentId(), ticket.priority(),
                TicketStatus.CLOSED), "done");
    }

    public static TicketTransferred transferred(TicketSnapshot ticket, UUID toDepartment, Instant at) {
        return new TicketTransferred(UUID.randomUUID(), at, inDepartment(ticket, toDepartment), ticket.departmentId(),
                toDepartment, ticket.assigneeId(), null, UUID.randomUUID(), "wrong queue");
    }

    public static TicketPriorityChanged priorityChanged(TicketSnapshot ticket, Priority priority, Instant at) {
        return new TicketPriorityChanged(UUID.randomUUID(), at, with(ticket, ticket.departmentId(), priority,
                ticket.status()), ticket.priority(), UUID.randomUUID());
    }
}
