package io.atende.ticketing.service;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.Priority;
import io.atende.contracts.Topics;
import io.atende.contracts.channel.InboundMessageReceived;
import io.atende.contracts.channel.MessageDirection;
import io.atende.contracts.ticket.AgentReplied;
import io.atende.contracts.ticket.CustomerMessageReceived;
import io.atende.contracts.ticket.TicketEvent;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.contracts.ticket.TicketRoutedToDepartment;
import io.atende.contracts.ticket.TicketSnapshot;
import io.atende.contracts.ticket.TicketStatus;
import io.atende.platform.outbox.Outbox;
import io.atende.ticketing.Contact;
import io.atende.ticketing.Department;
import io.atende.ticketing.Ticket;
import io.atende.ticketing.TicketMessage;
import io.atende.ticketing.mapping.TicketMapper;
import io.atende.ticketing.repository.ContactRepository;
import io.atende.ticketing.repository.DepartmentRepository;
import io.atende.ticketing.repository.TicketMessageRepository;
import io.atende.ticketing.repository.TicketRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns channel messages into tickets: the conversation's active ticket gets the message, or a new numbered ticket
 * is opened for it. Idempotent on the channel's message id, so redeliveries store nothing twice.
 */
@ApplicationScoped
public class TicketIntake {

    /** What an ingest did, for logs and metrics. */
    public record Outcome(UUID ticketId, long ticketNumber, boolean opened, boolean duplicate) {

        static final Outcome DUPLICATE = new Outcome(null, 0, false, true);
    }

    private record Conversation(Ticket ticket, Contact contact, Department department, boolean opened) {
    }

    private final TicketRepository tickets;
    private final TicketMessageRepository messages;
    private final ContactRepository contacts;
    private final DepartmentRepository departments;
    private final TicketMapper mapper;
    private final Outbox outbox;

    public TicketIntake(TicketRepository tickets, TicketMessageRepository messages, ContactRepository contacts,
            DepartmentRepository departments, TicketMapper mapper, Outbox outbox) {
        this.tickets = tickets;
        this.messages = messages;
        this.contacts = contacts;
        this.departments = departments;
        this.mapper = mapper;
        this.outbox = outbox;
    }

    @WithTransaction
    public Uni<Outcome> ingest(InboundMessageReceived message) {
        return messages.exists(message.channel().id(), message.contact().address(), message.direction(),
                message.externalMessageId())
                .flatMap(seen -> seen ? Uni.createFrom().item(Outcome.DUPLICATE)
                        : contact(message)
                                .flatMap(contact -> conversation(message, contact))
                                .flatMap(conversation -> append(message, conversation)));
    }

    private Uni<Contact> contact(InboundMessageReceived message) {
        return contacts.findByAddress(message.channel().id(), message.contact().address()).flatMap(existing -> {
            Contact contact = existing != null ? existing : new Contact();
            if (existing == null) {
                contact.id = UUID.randomUUID();
                contact.channelId = message.channel().id();
                contact.address = message.contact().address();
            }
            // Learn what the channel tells us; never forget what it no longer repeats.
            if (message.contact().phoneNumber() != null) {
                contact.phoneNumber = message.contact().phoneNumber();
            }
            if (message.contact().lid() != null) {
                contact.lid = message.contact().lid();
            }
            if (message.contact().name() != null && message.direction() == MessageDirection.INBOUND) {
                contact.name = message.contact().name();
            }
            return existing != null ? Uni.createFrom().item(contact) : contacts.persist(contact);
        });
    }

    private Uni<Conversation> conversation(InboundMessageReceived message, Contact contact) {
        return tickets.findActive(message.channel().id(), message.contact().address()).flatMap(active -> active != null
                ? departments.findById(active.departmentId).map(department -> new Conversation(active, contact, department, false))
                : open(message, contact));
    }

    private Uni<Conversation> open(InboundMessageReceived message, Contact contact) {
        return departments.findDefault().flatMap(department -> tickets.nextNumber().flatMap(number -> {
            Ticket ticket = new Ticket();
            ticket.id = UUID.randomUUID();
            ticket.number = number;
            ticket.channelType = message.channel().type();
            ticket.channelId = message.channel().id();
            ticket.contactId = contact.id;
            ticket.contactAddress = contact.address;
            ticket.departmentId = department.id;
            ticket.priority = Priority.NORMAL;
            ticket.status = TicketStatus.QUEUED;
            ticket.openedAt = message.receivedAt();
            ticket.updatedAt = Instant.now();
            TicketSnapshot snapshot = mapper.snapshot(ticket, contact, department);
            return tickets.persist(ticket)
                    .flatMap(saved -> publish(new TicketOpened(UUID.randomUUID(), message.receivedAt(), snapshot)))
                    .flatMap(done -> publish(new TicketRoutedToDepartment(UUID.randomUUID(), message.receivedAt(),
                            snapshot, "DEFAULT")))
                    .replaceWith(new Conversation(ticket, contact, department, true));
        }));
    }

    private Uni<Outcome> append(InboundMessageReceived message, Conversation conversation) {
        Ticket ticket = conversation.ticket();
        TicketMessage entry = new TicketMessage();
        entry.id = UUID.randomUUID();
        entry.ticketId = ticket.id;
        entry.channelId = message.channel().id();
        entry.contactAddress = message.contact().address();
        entry.externalId = message.externalMessageId();
        entry.direction = message.direction();
        entry.author = message.direction() == MessageDirection.INBOUND ? TicketMessage.Author.CUSTOMER
                : TicketMessage.Author.BUSINESS_PHONE;
        entry.kind = message.kind();
        entry.body = message.text();
        if (message.media() != null) {
            entry.mediaRef = message.media().ref();
            entry.mediaMimeType = message.media().mimeType();
        }
        entry.sentAt = message.sentAt();
        entry.receivedAt = message.receivedAt();
        TicketSnapshot snapshot = mapper.snapshot(ticket, conversation.contact(), conversation.department());
        TicketEvent event = entry.author == TicketMessage.Author.CUSTOMER
                ? new CustomerMessageReceived(UUID.randomUUID(), message.receivedAt(), snapshot, entry.id,
                        entry.externalId, entry.kind)
                : new AgentReplied(UUID.randomUUID(), message.receivedAt(), snapshot, entry.id,
                        AgentReplied.BUSINESS_PHONE, null);
        return messages.persist(entry)
                .flatMap(saved -> publish(event))
                .replaceWith(new Outcome(ticket.id, ticket.number, conversation.opened(), false));
    }

    private Uni<Void> publish(TicketEvent event) {
        return outbox.publish(Topics.TICKET_EVENTS, event);
    }
}
