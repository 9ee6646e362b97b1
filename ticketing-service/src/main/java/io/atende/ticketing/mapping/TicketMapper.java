package io.atende.ticketing.mapping;

import java.util.List;

import io.atende.contracts.ChannelRef;
import io.atende.contracts.ContactRef;
import io.atende.contracts.ticket.TicketSnapshot;
import io.atende.ticketing.AppUser;
import io.atende.ticketing.Contact;
import io.atende.ticketing.Department;
import io.atende.ticketing.Ticket;
import io.atende.ticketing.TicketMessage;
import io.atende.ticketing.TicketTransfer;
import io.atende.ticketing.rest.MessageView;
import io.atende.ticketing.rest.TicketSummary;
import io.atende.ticketing.rest.TicketView;
import io.atende.ticketing.rest.TransferView;
import jakarta.enterprise.context.ApplicationScoped;

/** Entities never leave the service: they become contract snapshots (Kafka) or views (REST) here. */
@ApplicationScoped
public class TicketMapper {

    public TicketSnapshot snapshot(Ticket ticket, Contact contact, Department department, AppUser assignee) {
        return new TicketSnapshot(ticket.id, ticket.number, new ChannelRef(ticket.channelType, ticket.channelId),
                contactRef(contact), ticket.departmentId, department == null ? null : department.name,
                ticket.assigneeId, assignee == null ? null : assignee.displayName, ticket.priority, ticket.status,
                ticket.openedAt);
    }

    public TicketView view(Ticket ticket, Contact contact, Department department, List<TicketMessage> messages) {
        return new TicketView(ticket.id, ticket.number, new ChannelRef(ticket.channelType, ticket.channelId),
                contactRef(contact),
                department == null ? null : new TicketView.DepartmentRef(department.id, department.name),
                ticket.assigneeId, ticket.priority, ticket.status, ticket.openedAt, ticket.resolvedAt,
                messages.stream().map(this::view).toList());
    }

    public TicketSummary summary(Ticket ticket, Contact contact, Department department, AppUser assignee) {
        return new TicketSummary(ticket.id, ticket.number, new ChannelRef(ticket.channelType, ticket.channelId),
                contactRef(contact), ticket.departmentId, department == null ? null : department.name,
                ticket.assigneeId, assignee == null ? null : assignee.displayName, ticket.priority, ticket.status,
                ticket.openedAt, ticket.resolvedAt);
    }

    public TransferView view(TicketTransfer transfer) {
        return new TransferView(transfer.id, transfer.fromDepartmentId, transfer.toDepartmentId,
                transfer.fromAssigneeId, transfer.toAssigneeId, transfer.byUserId, transfer.byUsername,
                transfer.reason, transfer.transferredAt);
    }

    public MessageView view(TicketMessage message) {
        return new MessageView(message.id, message.direction, message.author.name(), message.kind, message.body,
                message.mediaRef, message.mediaMimeType, message.externalId, message.sentAt, message.receivedAt,
                message.deliveryStatus);
    }

    private static ContactRef contactRef(Contact contact) {
        return contact == null ? null : new ContactRef(contact.address, contact.phoneNumber, contact.lid, contact.name);
    }
}
