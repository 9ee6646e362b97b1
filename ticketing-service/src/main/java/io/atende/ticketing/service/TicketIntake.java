package io.atende.ticketing.service;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.Priority;
import io.atende.contracts.channel.InboundMessageReceived;
import io.atende.contracts.channel.MessageDirection;
import io.atende.contracts.ticket.AgentReplied;
import io.atende.contracts.ticket.CustomerMessageReceived;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.contracts.ticket.TicketReopened;
import io.atende.contracts.ticket.TicketStatus;
import io.atende.ticketing.Contact;
import io.atende.ticketing.Department;
import io.atende.ticketing.Ticket;
import io.atende.ticketing.TicketMessage;
import io.atende.ticketing.config.TicketingConfig;
import io.atende.ticketing.repository.ContactRepository;
import io.atende.ticketing.repository.TicketMessageRepository;
import io.atende.ticketing.repository.TicketRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns channel messages into tickets: the conversation's active ticket gets the message (answering the bot menu,
 * or ending a wait on the customer), a recently resolved one is reopened (only within the configured reopen window),
 * or a new numbered ticket is opened and routed. Idempotent on the channel's message id, so redeliveries store
 * nothing twice; the one-active-ticket-per-conversation index makes a racing replica fail and retry.
 */
@ApplicationScoped
public class TicketIntake {

    /** What an ingest did, for logs and metrics. */
    public record Outcome(UUID ticketId, long ticketNumber, boolean opened, boolean duplicate) {

        static final Outcome DUPLICATE = new Outcome(null, 0, false, true);
    }

    private final TicketRepository tickets;
    private final TicketMessageRepository messages;
    private final ContactRepository contacts;
    private final Routing routing;
    private final TicketJournal journal;
    private final Duration reopenWindow;

    public TicketIntake(TicketRepository tickets, TicketMessageRepository messages, ContactRepository contacts,
            Routing routing, TicketJournal journal, TicketingConfig config) {
        this.tickets = tickets;
        this.messages = messages;
        this.contacts = contacts;
        this.routing = routing;
        this.journal = journal;
        this.reopenWindow = config.reopenWindow();
    }

    @WithTransaction
    public Uni<Outcome> ingest(InboundMessageReceived message) {
        return messages.exists(message.channel().id(), message.contact().address(), message.direction(),
                message.externalMessageId())
                .flatMap(seen -> seen ? Uni.createFrom().item(Outcome.DUPLICATE)
                        : contact(message).flatMap(contact -> tickets
                                .findActiveForIntake(message.channel().id(), message.contact().address())
                                .flatMap(active -> active != null ? onActive(message, contact, active)
                                        : reopenOrOpen(message, contact))));
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

    private static boolean fromCustomer(InboundMessageReceived message) {
        return message.direction() == MessageDirection.INBOUND;
    }

    private Uni<Outcome> onActive(InboundMessageReceived message, Contact contact, Ticket ticket) {
        if (!fromCustomer(message)) {
            return append(message, ticket, false);
        }
        if (ticket.status == TicketStatus.IN_MENU) {
            return append(message, ticket, false)
                    .call(outcome -> routing.answer(ticket, message.text(), message.receivedAt()));
        }
        if (ticket.status == TicketStatus.WAITING_ON_CUSTOMER) {
            // The customer answered: the ticket is the team's again (the event's snapshot says OPEN).
            ticket.status = TicketStatus.OPEN;
            ticket.updatedAt = Instant.now();
        }
        return append(message, ticket, false);
    }

    private Uni<Outcome> reopenOrOpen(InboundMessageReceived message, Contact contact) {
        if (reopenWindow.isZero() || reopenWindow.isNegative() || !fromCustomer(message)) {
            return open(message, contact);
        }
        return tickets.findLastResolved(message.channel().id(), message.contact().address()).flatMap(resolved -> {
            if (resolved == null || resolved.resolvedAt == null
                    || resolved.resolvedAt.plus(reopenWindow).isBefore(message.receivedAt())) {
                return open(message, contact);
            }
            resolved.status = resolved.assigneeId != null ? TicketStatus.OPEN : TicketStatus.QUEUED;
            resolved.resolvedAt = null;
            resolved.updatedAt = Instant.now();
            return journal.publish(resolved, snapshot -> new TicketReopened(UUID.randomUUID(), message.receivedAt(),
                    snapshot, null, "the customer wrote again within the reopen window"))
                    .flatMap(done -> append(message, resolved, false));
        });
    }

    private Uni<Outcome> open(InboundMessageReceived message, Contact contact) {
        boolean customer = fromCustomer(message);
        return routing.plan(message.channel().id()).flatMap(plan -> tickets.nextNumber().flatMap(number -> {
            Ticket ticket = new Ticket();
            ticket.id = UUID.randomUUID();
            ticket.number = number;
            ticket.channelType = message.channel().type();
            ticket.channelId = message.channel().id();
            ticket.contactId = contact.id;
            ticket.contactAddress = contact.address;
            ticket.priority = Priority.NORMAL;
            ticket.status = routing.openingStatus(plan, customer);
            Department department = routing.openingDepartment(plan, customer);
            ticket.departmentId = department == null ? null : department.id;
            ticket.openedAt = message.receivedAt();
            ticket.updatedAt = Instant.now();
            Uni<Void> opened = tickets.persist(ticket).flatMap(saved -> journal.snapshot(ticket, contact))
                    .flatMap(snapshot -> journal.publish(new TicketOpened(UUID.randomUUID(), message.receivedAt(),
                            snapshot)));
            if (ticket.status == TicketStatus.IN_MENU) {
                // The customer's message first, then the bot's greeting with the menu.
                return opened.flatMap(done -> append(message, ticket, true))
                        .call(outcome -> routing.start(ticket, plan, true, message.receivedAt()));
            }
            return opened.flatMap(done -> routing.start(ticket, plan, customer, message.receivedAt()))
                    .flatMap(done -> append(message, ticket, true));
        }));
    }

    private Uni<Outcome> append(InboundMessageReceived message, Ticket ticket, boolean opened) {
        TicketMessage entry = entry(message, ticket);
        return messages.persist(entry)
                .flatMap(saved -> journal.publish(ticket, snapshot -> entry.author == TicketMessage.Author.CUSTOMER
                        ? new CustomerMessageReceived(UUID.randomUUID(), message.receivedAt(), snapshot, entry.id,
                                entry.externalId, entry.kind)
                        : new AgentReplied(UUID.randomUUID(), message.receivedAt(), snapshot, entry.id,
                                AgentReplied.BUSINESS_PHONE, null)))
                .replaceWith(new Outcome(ticket.id, ticket.number, opened, false));
    }

    /** The conversation-log entry of a channel message on its ticket. */
    static TicketMessage entry(InboundMessageReceived message, Ticket ticket) {
        TicketMessage entry = new TicketMessage();
        entry.id = UUID.randomUUID();
        entry.ticketId = ticket.id;
        entry.channelId = message.channel().id();
        entry.contactAddress = message.contact().address();
        entry.externalId = message.externalMessageId();
        entry.direction = message.direction();
        entry.author = fromCustomer(message) ? TicketMessage.Author.CUSTOMER : TicketMessage.Author.BUSINESS_PHONE;
        entry.kind = message.kind();
        entry.body = message.text();
        if (message.media() != null) {
            entry.mediaRef = message.media().ref();
            entry.mediaMimeType = message.media().mimeType();
        }
        entry.sentAt = message.sentAt();
        entry.receivedAt = message.receivedAt();
        return entry;
    }
}
