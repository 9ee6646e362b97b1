package io.atende.ticketing.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.atende.contracts.Priority;
import io.atende.contracts.Topics;
import io.atende.contracts.channel.InboundMessageReceived;
import io.atende.contracts.channel.MessageDirection;
import io.atende.contracts.ticket.AgentReplied;
import io.atende.contracts.ticket.CustomerMessageReceived;
import io.atende.contracts.ticket.TicketAssigned;
import io.atende.contracts.ticket.TicketEvent;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.contracts.ticket.TicketRoutedToDepartment;
import io.atende.contracts.ticket.TicketSnapshot;
import io.atende.contracts.ticket.TicketStatus;
import io.atende.platform.outbox.Outbox;
import io.atende.platform.persistence.BatchWork;
import io.atende.ticketing.AppUser;
import io.atende.ticketing.Contact;
import io.atende.ticketing.Department;
import io.atende.ticketing.Ticket;
import io.atende.ticketing.TicketMessage;
import io.atende.ticketing.config.TicketingConfig;
import io.atende.ticketing.mapping.TicketMapper;
import io.atende.ticketing.repository.IntakeStatements;
import io.atende.ticketing.repository.IntakeStatements.ActiveTicket;
import io.atende.ticketing.repository.IntakeStatements.Conversation;
import io.atende.ticketing.repository.IntakeStatements.MessageKey;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Takes in a poll's channel messages in one pass: reads everything the batch touches in a few statements (stored
 * message ids, the conversations' active tickets locked in id order, their contacts, the agents that may take new
 * tickets locked in id order), decides every message's effect in memory, writes it in a few multi-row statements and
 * announces it through the outbox, all in one transaction. This covers what nearly all traffic is: a message on a
 * conversation's active ticket, and a new conversation on a channel that routes straight to one department.
 * Conversations that need the bot menu, a reopen, or the end of a wait on the customer are taken in afterwards,
 * message by message, by {@link TicketIntake} (in a second transaction: conversations are independent, and each
 * stays whole on one side, so its messages keep their order). The outcomes and events are those of
 * {@link TicketIntake}; the README states the rules.
 */
@ApplicationScoped
public class BatchIntake {

    private final Pool pool;
    private final IntakeStatements statements;
    private final TicketIntake intake;
    private final Routing routing;
    private final TicketMapper mapper;
    private final Outbox outbox;
    private final Duration reopenWindow;

    public BatchIntake(Pool pool, IntakeStatements statements, TicketIntake intake, Routing routing,
            TicketMapper mapper, Outbox outbox, TicketingConfig config) {
        this.pool = pool;
        this.statements = statements;
        this.intake = intake;
        this.routing = routing;
        this.mapper = mapper;
        this.outbox = outbox;
        this.reopenWindow = config.reopenWindow();
    }

    /** One conversation's messages of the batch, in order, and what the batch makes of it. */
    private static final class Thread {

        final Conversation conversation;
        final List<Integer> positions = new ArrayList<>();
        Ticket ticket;
        String departmentName;
        String assigneeName;
        Department department;
        Contact contact;
        boolean newContact;
        boolean contactChanged;

        Thread(Conversation conversation) {
            this.conversation = conversation;
        }
    }

    /** Ingests the batch; one outcome per message, in order. */
    public Uni<List<TicketIntake.Outcome>> ingestAll(List<InboundMessageReceived> batch) {
        Set<String> channelIds = new LinkedHashSet<>();
        batch.forEach(message -> channelIds.add(message.channel().id()));
        return plans(channelIds)
                .flatMap(plans -> pool.withTransaction(connection -> takeIn(connection, batch, plans)))
                .flatMap(outcomes -> {
                    List<Integer> deferred = new ArrayList<>();
                    for (int i = 0; i < outcomes.size(); i++) {
                        if (outcomes.get(i) == null) {
                            deferred.add(i);
                        }
                    }
                    if (deferred.isEmpty()) {
                        return Uni.createFrom().item(outcomes);
                    }
                    return Panache.withTransaction(() -> BatchWork.inOrder(
                            deferred.stream().map(batch::get).toList(), intake::ingest))
                            .map(taken -> {
                                for (int i = 0; i < deferred.size(); i++) {
                                    outcomes.set(deferred.get(i), taken.get(i));
                                }
                                return outcomes;
                            });
                });
    }

    /** The channels' routing plans (cached reference data, read through a session of their own). */
    private Uni<Map<String, Routing.Plan>> plans(Set<String> channelIds) {
        Map<String, Routing.Plan> plans = new HashMap<>();
        return Panache.withSession(() -> Multi.createFrom().iterable(channelIds)
                .onItem().transformToUniAndConcatenate(channelId -> routing.plan(channelId)
                        .invoke(plan -> plans.put(channelId, plan)))
                .collect().last())
                .replaceWith(plans);
    }

    /** What the first round trip reads for the whole batch, pipelined on the connection. */
    private record Read(Set<MessageKey> stored, Map<String, ActiveTicket> active, Map<String, Contact> contacts,
            Map<String, Instant> resolved) {
    }

    /**
     * The fast path; a null outcome marks a message left to {@link TicketIntake}. The batch's conversations are read
     * in one round trip (stored message ids, active tickets locked in id order, contacts, when each was last
     * resolved), its new ticket numbers and agents in the next ones, and its writes go out pipelined.
     */
    private Uni<List<TicketIntake.Outcome>> takeIn(SqlConnection connection, List<InboundMessageReceived> batch,
            Map<String, Routing.Plan> plans) {
        List<MessageKey> keys = batch.stream().map(BatchIntake::key).toList();
        Map<String, Conversation> all = new LinkedHashMap<>();
        batch.forEach(message -> {
            Conversation conversation = new Conversation(message.channel().id(), message.contact().address());
            all.putIfAbsent(conversation.key(), conversation);
        });
        List<Conversation> conversations = List.copyOf(all.values());
        boolean reopens = !reopenWindow.isZero() && !reopenWindow.isNegative();
        return Uni.combine().all()
                .unis(statements.storedMessages(connection, keys),
                        statements.activeTicketsLocked(connection, conversations),
                        statements.contacts(connection, conversations),
                        reopens ? statements.lastResolved(connection, conversations)
                                : Uni.createFrom().item(Map.<String, Instant>of()))
                .asTuple()
                .map(read -> new Read(read.getItem1(), read.getItem2(), read.getItem3(), read.getItem4()))
                .flatMap(read -> {
                    List<TicketIntake.Outcome> outcomes = new ArrayList<>(batch.size());
                    Map<String, Thread> threads = new LinkedHashMap<>();
                    Set<MessageKey> seen = new HashSet<>(read.stored());
                    for (int i = 0; i < batch.size(); i++) {
                        InboundMessageReceived message = batch.get(i);
                        if (!seen.add(keys.get(i))) {
                            outcomes.add(TicketIntake.Outcome.DUPLICATE);
                            continue;
                        }
                        outcomes.add(null);
                        Conversation conversation = all.get(Topics.conversationKey(message.channel().id(),
                                message.contact().address()));
                        threads.computeIfAbsent(conversation.key(), key -> new Thread(conversation)).positions.add(i);
                    }
                    if (threads.isEmpty()) {
                        return Uni.createFrom().item(outcomes);
                    }
                    Set<String> reopenable = reopenable(threads, read.active(), read.resolved(), batch);
                    List<Thread> fast = fastThreads(threads, read.active(), reopenable, batch, plans);
                    return fast.isEmpty() ? Uni.createFrom().item(outcomes)
                            : apply(connection, fast, read.contacts(), batch, outcomes);
                });
    }

    /** Conversations without an active ticket whose customer may reopen a recently resolved one. */
    private Set<String> reopenable(Map<String, Thread> threads, Map<String, ActiveTicket> active,
            Map<String, Instant> resolved, List<InboundMessageReceived> batch) {
        Set<String> reopen = new HashSet<>();
        for (Thread thread : threads.values()) {
            String key = thread.conversation.key();
            InboundMessageReceived first = batch.get(thread.positions.get(0));
            Instant resolvedAt = resolved.get(key);
            if (!active.containsKey(key) && fromCustomer(first) && resolvedAt != null
                    && !resolvedAt.plus(reopenWindow).isBefore(first.receivedAt())) {
                reopen.add(key);
            }
        }
        return reopen;
    }

    /** The conversations this pass takes in whole: appends to an active ticket, or a direct opening. */
    private List<Thread> fastThreads(Map<String, Thread> threads, Map<String, ActiveTicket> active,
            Set<String> reopenable, List<InboundMessageReceived> batch, Map<String, Routing.Plan> plans) {
        List<Thread> fast = new ArrayList<>();
        for (Thread thread : threads.values()) {
            ActiveTicket ticket = active.get(thread.conversation.key());
            if (ticket != null) {
                if (thread.positions.stream().allMatch(position -> plainAppend(ticket.ticket(), batch.get(position)))) {
                    thread.ticket = ticket.ticket();
                    thread.departmentName = ticket.departmentName();
                    thread.assigneeName = ticket.assigneeName();
                    fast.add(thread);
                }
            } else if (!reopenable.contains(thread.conversation.key())
                    && !plans.get(thread.conversation.channelId()).hasMenu()) {
                thread.department = plans.get(thread.conversation.channelId()).served().get(0);
                fast.add(thread);
            }
        }
        return fast;
    }

    /**
     * A message that only joins the ticket's conversation: from the business phone, or from the customer while the
     * ticket is neither in the bot menu (the message answers it) nor waiting on the customer (the message ends it).
     */
    private static boolean plainAppend(Ticket ticket, InboundMessageReceived message) {
        return !fromCustomer(message)
                || ticket.status != TicketStatus.IN_MENU && ticket.status != TicketStatus.WAITING_ON_CUSTOMER;
    }

    private Uni<List<TicketIntake.Outcome>> apply(SqlConnection connection, List<Thread> fast,
            Map<String, Contact> contacts, List<InboundMessageReceived> batch, List<TicketIntake.Outcome> outcomes) {
        List<Thread> opening = fast.stream().filter(thread -> thread.ticket == null).toList();
        Set<UUID> automatic = new LinkedHashSet<>();
        opening.stream().map(thread -> thread.department)
                .filter(department -> department.assignmentMode != Department.AssignmentMode.MANUAL)
                .forEach(department -> automatic.add(department.id));
        Map<UUID, Set<UUID>> servedBy = new HashMap<>();
        return Uni.combine().all()
                .unis(statements.nextNumbers(connection, opening.size()),
                        statements.onlineAgentsLocked(connection, automatic, servedBy))
                .asTuple()
                .flatMap(read -> statements.ownedCounts(connection,
                                read.getItem2().stream().map(agent -> agent.id).toList())
                        .flatMap(owned -> {
                            Plan plan = plan(fast, batch, outcomes, contacts, read.getItem1(), read.getItem2(),
                                    servedBy, owned);
                            return write(connection, plan).replaceWith(outcomes);
                        }));
    }

    /** Everything the batch writes, in the order it is announced. */
    private record Plan(List<Contact> newContacts, List<Contact> changedContacts, List<Ticket> tickets,
            List<UUID> appendedTo, List<TicketMessage> messages, Set<AppUser> assigned, List<Outbox.Entry> events) {
    }

    private Plan plan(List<Thread> fast, List<InboundMessageReceived> batch, List<TicketIntake.Outcome> outcomes,
            Map<String, Contact> contacts, List<Long> numbers, List<AppUser> agents, Map<UUID, Set<UUID>> servedBy,
            Map<UUID, Long> owned) {
        // Active tickets that get messages (their versions move: see write).
        List<UUID> appendedTo = fast.stream().filter(thread -> thread.ticket != null).map(thread -> thread.ticket.id)
                .toList();
        Plan plan = new Plan(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), appendedTo, new ArrayList<>(),
                new LinkedHashSet<>(), new ArrayList<>());
        Map<String, Thread> byKey = new HashMap<>();
        fast.forEach(thread -> {
            byKey.put(thread.conversation.key(), thread);
            thread.contact = contacts.get(thread.conversation.key());
            if (thread.contact == null) {
                thread.contact = new Contact();
                thread.contact.id = UUID.randomUUID();
                thread.contact.channelId = thread.conversation.channelId();
                thread.contact.address = thread.conversation.address();
                thread.newContact = true;
            }
        });
        Map<UUID, Long> counts = new HashMap<>(owned);
        int nextNumber = 0;
        // In batch order, so the outbox announces the conversations' messages as they came.
        for (int i = 0; i < batch.size(); i++) {
            if (outcomes.get(i) != null) {
                continue;
            }
            InboundMessageReceived message = batch.get(i);
            Thread thread = byKey.get(Topics.conversationKey(message.channel().id(), message.contact().address()));
            if (thread == null) {
                continue;
            }
            learn(thread, message);
            boolean opened = false;
            if (thread.ticket == null) {
                open(thread, message, numbers.get(nextNumber++), agents, servedBy, counts, plan);
                opened = true;
            }
            plan.events().add(new Outbox.Entry(Topics.TICKET_EVENTS, append(thread, message, plan)));
            outcomes.set(i, new TicketIntake.Outcome(thread.ticket.id, thread.ticket.number, opened, false));
        }
        fast.forEach(thread -> {
            if (thread.newContact) {
                plan.newContacts().add(thread.contact);
            } else if (thread.contactChanged) {
                plan.changedContacts().add(thread.contact);
            }
        });
        return plan;
    }

    /** What the channel tells of the contact is learned; what it no longer repeats is never forgotten. */
    private static void learn(Thread thread, InboundMessageReceived message) {
        Contact contact = thread.contact;
        String phone = message.contact().phoneNumber() != null ? message.contact().phoneNumber() : contact.phoneNumber;
        String lid = message.contact().lid() != null ? message.contact().lid() : contact.lid;
        String name = message.contact().name() != null && fromCustomer(message) ? message.contact().name()
                : contact.name;
        if (!Objects.equals(phone, contact.phoneNumber) || !Objects.equals(lid, contact.lid)
                || !Objects.equals(name, contact.name)) {
            contact.phoneNumber = phone;
            contact.lid = lid;
            contact.name = name;
            thread.contactChanged = true;
        }
    }

    /**
     * Opens the conversation's ticket in the department its channel routes to (DIRECT), and assigns it if the
     * department assigns automatically and a locked ONLINE agent has room, as {@link Routing} and {@link Assignment}
     * do message by message.
     */
    private void open(Thread thread, InboundMessageReceived message, long number, List<AppUser> agents,
            Map<UUID, Set<UUID>> servedBy, Map<UUID, Long> counts, Plan plan) {
        Instant at = message.receivedAt();
        Ticket ticket = new Ticket();
        ticket.id = UUID.randomUUID();
        ticket.number = number;
        ticket.channelType = message.channel().type();
        ticket.channelId = message.channel().id();
        ticket.contactId = thread.contact.id;
        ticket.contactAddress = thread.contact.address;
        ticket.priority = Priority.NORMAL;
        ticket.status = TicketStatus.QUEUED;
        ticket.departmentId = thread.department.id;
        ticket.openedAt = at;
        ticket.updatedAt = Instant.now();
        thread.ticket = ticket;
        thread.departmentName = thread.department.name;
        plan.tickets().add(ticket);
        plan.events().add(ticketEvent(new TicketOpened(UUID.randomUUID(), at, snapshot(thread))));
        plan.events().add(ticketEvent(new TicketRoutedToDepartment(UUID.randomUUID(), at, snapshot(thread),
                Routing.DIRECT)));
        if (thread.department.assignmentMode == Department.AssignmentMode.MANUAL) {
            return;
        }
        List<AppUser> serving = agents.stream()
                .filter(agent -> servedBy.getOrDefault(agent.id, Set.of()).contains(thread.department.id)).toList();
        AppUser chosen = Assignment.choose(thread.department.assignmentMode, serving, counts);
        if (chosen == null) {
            return;
        }
        counts.merge(chosen.id, 1L, Long::sum);
        chosen.lastAssignedAt = Instant.now();
        plan.assigned().add(chosen);
        ticket.assigneeId = chosen.id;
        ticket.status = TicketStatus.OPEN;
        thread.assigneeName = chosen.displayName;
        plan.events().add(ticketEvent(new TicketAssigned(UUID.randomUUID(), at, snapshot(thread), null,
                thread.department.assignmentMode.name())));
    }

    private TicketEvent append(Thread thread, InboundMessageReceived message, Plan plan) {
        TicketMessage entry = TicketIntake.entry(message, thread.ticket);
        plan.messages().add(entry);
        TicketSnapshot snapshot = snapshot(thread);
        return entry.author == TicketMessage.Author.CUSTOMER
                ? new CustomerMessageReceived(UUID.randomUUID(), message.receivedAt(), snapshot, entry.id,
                        entry.externalId, entry.kind)
                : new AgentReplied(UUID.randomUUID(), message.receivedAt(), snapshot, entry.id,
                        AgentReplied.BUSINESS_PHONE, null);
    }

    private TicketSnapshot snapshot(Thread thread) {
        Department department = null;
        if (thread.ticket.departmentId != null) {
            department = new Department();
            department.id = thread.ticket.departmentId;
            department.name = thread.departmentName;
        }
        AppUser assignee = null;
        if (thread.ticket.assigneeId != null) {
            assignee = new AppUser();
            assignee.id = thread.ticket.assigneeId;
            assignee.displayName = thread.assigneeName;
        }
        return mapper.snapshot(thread.ticket, thread.contact, department, assignee);
    }

    /**
     * Contacts before tickets before messages (the foreign keys), agents, then the announcements. A message appended
     * to an active ticket moves the ticket's version: an agent's action that read the ticket before the message
     * (a resolve, a wait on the customer) then fails as a conflict instead of acting on a conversation it has not seen.
     */
    private Uni<Void> write(SqlConnection connection, Plan plan) {
        // Sent together: the client pipelines them on the connection and PostgreSQL runs them in this order.
        return Uni.join().all(List.of(statements.insertContacts(connection, plan.newContacts()),
                statements.updateContacts(connection, plan.changedContacts()),
                statements.insertTickets(connection, plan.tickets()),
                statements.touchTickets(connection, plan.appendedTo()),
                statements.insertMessages(connection, plan.messages()),
                statements.updateLastAssigned(connection, plan.assigned()),
                outbox.publish(connection, plan.events())))
                .andFailFast().replaceWithVoid();
    }

    private static Outbox.Entry ticketEvent(TicketEvent event) {
        return new Outbox.Entry(Topics.TICKET_EVENTS, event);
    }

    private static MessageKey key(InboundMessageReceived message) {
        return new MessageKey(message.channel().id(), message.contact().address(), message.direction().name(),
                message.externalMessageId());
    }

    private static boolean fromCustomer(InboundMessageReceived message) {
        return message.direction() == MessageDirection.INBOUND;
    }
}
