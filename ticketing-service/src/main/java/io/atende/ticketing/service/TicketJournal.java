package io.atende.ticketing.service;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

import io.atende.contracts.ChannelRef;
import io.atende.contracts.Topics;
import io.atende.contracts.channel.MessageDirection;
import io.atende.contracts.channel.MessageKind;
import io.atende.contracts.channel.OutboundMessageRequested;
import io.atende.contracts.ticket.AgentReplied;
import io.atende.contracts.ticket.BotMessageSent;
import io.atende.contracts.ticket.TicketEvent;
import io.atende.contracts.ticket.TicketSnapshot;
import io.atende.platform.outbox.Outbox;
import io.atende.ticketing.AppUser;
import io.atende.ticketing.Contact;
import io.atende.ticketing.Department;
import io.atende.ticketing.Ticket;
import io.atende.ticketing.TicketMessage;
import io.atende.ticketing.mapping.TicketMapper;
import io.atende.ticketing.rest.TicketSummary;
import io.atende.ticketing.repository.ContactRepository;
import io.atende.ticketing.repository.TicketMessageRepository;
import io.atende.ticketing.repository.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Announces ticket changes through the outbox (in the caller's transaction): ticket events carry a fresh snapshot,
 * and messages to the customer become a conversation entry plus a send command on {@code channel.outbound.v1}.
 */
@ApplicationScoped
public class TicketJournal {

    private final ContactRepository contacts;
    private final ReferenceData reference;
    private final UserRepository users;
    private final TicketMessageRepository messages;
    private final TicketMapper mapper;
    private final Outbox outbox;

    public TicketJournal(ContactRepository contacts, ReferenceData reference, UserRepository users,
            TicketMessageRepository messages, TicketMapper mapper, Outbox outbox) {
        this.contacts = contacts;
        this.reference = reference;
        this.users = users;
        this.messages = messages;
        this.mapper = mapper;
        this.outbox = outbox;
    }

    /** The ticket as it stands, for an event (the session's cache answers repeated look-ups). */
    public Uni<TicketSnapshot> snapshot(Ticket ticket) {
        return contacts.findById(ticket.contactId).flatMap(contact -> department(ticket.departmentId)
                .flatMap(department -> assignee(ticket.assigneeId)
                        .map(assignee -> mapper.snapshot(ticket, contact, department, assignee))));
    }

    /** The ticket as the REST API lists it. */
    public Uni<TicketSummary> summary(Ticket ticket) {
        return contacts.findById(ticket.contactId).flatMap(contact -> department(ticket.departmentId)
                .flatMap(department -> assignee(ticket.assigneeId)
                        .map(assignee -> mapper.summary(ticket, contact, department, assignee))));
    }

    public Uni<TicketSnapshot> snapshot(Ticket ticket, Contact contact) {
        return department(ticket.departmentId).flatMap(department -> assignee(ticket.assigneeId)
                .map(assignee -> mapper.snapshot(ticket, contact, department, assignee)));
    }

    public Uni<Void> publish(Ticket ticket, Function<TicketSnapshot, TicketEvent> event) {
        return snapshot(ticket).flatMap(snapshot -> outbox.publish(Topics.TICKET_EVENTS, event.apply(snapshot)));
    }

    public Uni<Void> publish(TicketEvent event) {
        return outbox.publish(Topics.TICKET_EVENTS, event);
    }

    /** The bot writes to the customer: a BOT entry, {@link BotMessageSent} and a send command. */
    public Uni<TicketMessage> botSays(Ticket ticket, String text, Instant at) {
        return send(ticket, TicketMessage.Author.BOT, null, text, at).flatMap(entry -> publish(ticket,
                snapshot -> new BotMessageSent(UUID.randomUUID(), at, snapshot, entry.id)).replaceWith(entry));
    }

    /** An agent replies: an AGENT entry, {@link AgentReplied} and a send command, all in one transaction. */
    public Uni<TicketMessage> agentReplies(Ticket ticket, AppUser agent, String text, Instant at) {
        return send(ticket, TicketMessage.Author.AGENT, agent.id, text, at).flatMap(entry -> publish(ticket,
                snapshot -> new AgentReplied(UUID.randomUUID(), at, snapshot, entry.id, AgentReplied.AGENT, agent.id))
                .replaceWith(entry));
    }

    private Uni<TicketMessage> send(Ticket ticket, TicketMessage.Author author, UUID userId, String text, Instant at) {
        TicketMessage entry = new TicketMessage();
        entry.id = UUID.randomUUID();
        entry.ticketId = ticket.id;
        entry.channelId = ticket.channelId;
        entry.contactAddress = ticket.contactAddress;
        entry.direction = MessageDirection.OUTBOUND;
        entry.author = author;
        entry.authorUserId = userId;
        entry.kind = MessageKind.TEXT;
        entry.body = text;
        // Written now, and never before what it answers: keeps the conversation in order.
        Instant now = Instant.now();
        entry.receivedAt = now.isAfter(at) ? now : at;
        entry.commandId = UUID.randomUUID();
        OutboundMessageRequested command = new OutboundMessageRequested(entry.commandId, entry.receivedAt,
                new ChannelRef(ticket.channelType, ticket.channelId), ticket.contactAddress, ticket.id, entry.id,
                author.name(), MessageKind.TEXT, text, null, null);
        return messages.persist(entry)
                .flatMap(saved -> outbox.publish(Topics.CHANNEL_OUTBOUND, command))
                .replaceWith(entry);
    }

    private Uni<Department> department(UUID id) {
        return reference.department(id);
    }

    private Uni<AppUser> assignee(UUID id) {
        return id == null ? Uni.createFrom().nullItem() : users.findById(id);
    }
}
