package io.atende.ticketing.service;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

import io.atende.contracts.ticket.TicketAssigned;
import io.atende.contracts.ticket.TicketClosed;
import io.atende.contracts.ticket.TicketPriorityChanged;
import io.atende.contracts.ticket.TicketReopened;
import io.atende.contracts.ticket.TicketResolved;
import io.atende.contracts.ticket.TicketStatus;
import io.atende.contracts.ticket.TicketTransferred;
import io.atende.contracts.ticket.TicketWaitingOnCustomer;
import io.atende.platform.rest.ProblemException;
import io.atende.ticketing.AppUser;
import io.atende.ticketing.Ticket;
import io.atende.ticketing.TicketTransfer;
import io.atende.ticketing.repository.DepartmentRepository;
import io.atende.ticketing.repository.TicketRepository;
import io.atende.ticketing.repository.TicketTransferRepository;
import io.atende.ticketing.repository.UserRepository;
import io.atende.ticketing.rest.TicketRequests;
import io.atende.ticketing.rest.TicketSummary;
import io.atende.ticketing.service.Access.Actor;
import io.atende.ticketing.service.Access.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What agents do to tickets. Each action checks who may do it (403), whether the ticket is in a state that allows
 * it (409), changes the ticket and writes the events announcing the change to the outbox, in one transaction.
 */
@ApplicationScoped
public class TicketActions {

    private static final Set<TicketStatus> WORKABLE = EnumSet.of(TicketStatus.QUEUED, TicketStatus.OPEN,
            TicketStatus.WAITING_ON_CUSTOMER);

    private final TicketRepository tickets;
    private final DepartmentRepository departments;
    private final UserRepository users;
    private final TicketTransferRepository transfers;
    private final Access access;
    private final Assignment assignment;
    private final TicketJournal journal;

    public TicketActions(TicketRepository tickets, DepartmentRepository departments, UserRepository users,
            TicketTransferRepository transfers, Access access, Assignment assignment, TicketJournal journal) {
        this.tickets = tickets;
        this.departments = departments;
        this.users = users;
        this.transfers = transfers;
        this.access = access;
        this.assignment = assignment;
        this.journal = journal;
    }

    @WithTransaction
    public Uni<TicketSummary> accept(Caller caller, UUID ticketId) {
        return act(caller, ticketId, (actor, ticket) -> {
            access.checkSees(actor, ticket);
            AppUser me = actor.requireUser();
            if (ticket.status != TicketStatus.QUEUED || ticket.assigneeId != null) {
                throw ProblemException.conflict("ticket #" + ticket.number + " is " + ticket.status
                        + (ticket.assigneeId != null ? " and already owned" : "") + "; only a QUEUED ticket is accepted");
            }
            ticket.assigneeId = me.id;
            ticket.status = TicketStatus.OPEN;
            return journal.publish(ticket, snapshot -> new TicketAssigned(UUID.randomUUID(), Instant.now(), snapshot,
                    null, "ACCEPTED"));
        });
    }

    @WithTransaction
    public Uni<TicketSummary> reply(Caller caller, UUID ticketId, TicketRequests.Reply body) {
        if (body == null || body.text() == null || body.text().isBlank()) {
            throw ProblemException.badRequest("a reply needs a non-empty 'text'");
        }
        return act(caller, ticketId, (actor, ticket) -> {
            access.checkActs(actor, ticket);
            AppUser me = actor.requireUser();
            requireStatus(ticket, WORKABLE, "reply to");
            return journal.agentReplies(ticket, me, body.text(), Instant.now()).replaceWithVoid();
        });
    }

    @WithTransaction
    public Uni<TicketSummary> transfer(Caller caller, UUID ticketId, TicketRequests.Transfer body) {
        if (body == null || body.departmentId() == null && body.userId() == null) {
            throw ProblemException.badRequest("a transfer names a 'departmentId', a 'userId' or both");
        }
        if (body.reason() == null || body.reason().isBlank()) {
            throw ProblemException.badRequest("a transfer needs a 'reason' (kept in the audit trail)");
        }
        return act(caller, ticketId, (actor, ticket) -> {
            access.checkActs(actor, ticket);
            requireStatus(ticket, WORKABLE, "transfer");
            UUID toDepartmentId = body.departmentId() != null ? body.departmentId() : ticket.departmentId;
            return departments.findById(toDepartmentId)
                    .onItem().ifNull().failWith(() -> ProblemException.notFound("no department " + toDepartmentId))
                    .flatMap(department -> targetUser(body.userId(), department.id, ticket).flatMap(user -> {
                        TicketTransfer audit = new TicketTransfer();
                        audit.id = UUID.randomUUID();
                        audit.ticketId = ticket.id;
                        audit.fromDepartmentId = ticket.departmentId;
                        audit.fromAssigneeId = ticket.assigneeId;
                        audit.toDepartmentId = department.id;
                        audit.toAssigneeId = user == null ? null : user.id;
                        audit.byUserId = actor.userId();
                        audit.byUsername = caller.name();
                        audit.reason = body.reason();
                        audit.transferredAt = Instant.now();
                        UUID freedOwner = owner(ticket);
                        ticket.departmentId = department.id;
                        ticket.assigneeId = audit.toAssigneeId;
                        ticket.status = user == null ? TicketStatus.QUEUED : TicketStatus.OPEN;
                        return transfers.persist(audit)
                                .flatMap(saved -> journal.publish(ticket, snapshot -> new TicketTransferred(
                                        UUID.randomUUID(), audit.transferredAt, snapshot, audit.fromDepartmentId,
                                        audit.toDepartmentId, audit.fromAssigneeId, audit.toAssigneeId,
                                        audit.byUserId, audit.reason)))
                                // One locking call: the queue it joined (if queued) and the freed owner's queues.
                                .flatMap(done -> assignment.offerQueues(
                                        freedOwner == null || freedOwner.equals(ticket.assigneeId) ? null : freedOwner,
                                        ticket.status == TicketStatus.QUEUED ? List.of(department.id) : List.of(),
                                        audit.transferredAt));
                    }));
        });
    }

    /**
     * The user a transfer names, if it can take the ticket: it serves the department, is not OFFLINE (a PAUSED agent
     * is back soon; its supervisor chose it) and owns fewer active tickets than its capacity; else a 409 saying why.
     */
    private Uni<AppUser> targetUser(UUID userId, UUID departmentId, Ticket ticket) {
        if (userId == null) {
            return Uni.createFrom().nullItem();
        }
        return users.findById(userId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no user " + userId))
                .call(user -> users.serves(user.id, departmentId).invoke(serves -> {
                    if (!serves) {
                        throw ProblemException.conflict("user " + user.username + " does not serve that department");
                    }
                    if (user.availability == AppUser.Availability.OFFLINE) {
                        throw ProblemException.conflict("user " + user.username + " is OFFLINE: the ticket would wait"
                                + " for nobody; transfer it to the department's queue or to someone online");
                    }
                }))
                .call(user -> user.id.equals(ticket.assigneeId) ? Uni.createFrom().voidItem()
                        : tickets.ownedCounts(List.of(user.id)).invoke(owned -> {
                            long count = owned.getOrDefault(user.id, 0L);
                            if (count >= user.capacity) {
                                throw ProblemException.conflict("user " + user.username + " already owns " + count
                                        + " active tickets, its capacity");
                            }
                        }));
    }

    @WithTransaction
    public Uni<TicketSummary> setPriority(Caller caller, UUID ticketId, TicketRequests.SetPriority body) {
        if (body == null || body.priority() == null) {
            throw ProblemException.badRequest("give a 'priority': LOW, NORMAL, HIGH or URGENT");
        }
        return act(caller, ticketId, (actor, ticket) -> {
            access.checkActs(actor, ticket);
            if (!ticket.status.isActive()) {
                throw ProblemException.conflict("ticket #" + ticket.number + " is " + ticket.status);
            }
            if (ticket.priority == body.priority()) {
                return Uni.createFrom().voidItem();
            }
            var previous = ticket.priority;
            ticket.priority = body.priority();
            return journal.publish(ticket, snapshot -> new TicketPriorityChanged(UUID.randomUUID(), Instant.now(),
                    snapshot, previous, actor.userId()));
        });
    }

    @WithTransaction
    public Uni<TicketSummary> waitOnCustomer(Caller caller, UUID ticketId) {
        return act(caller, ticketId, (actor, ticket) -> {
            access.checkActs(actor, ticket);
            requireStatus(ticket, EnumSet.of(TicketStatus.OPEN), "wait on the customer for");
            ticket.status = TicketStatus.WAITING_ON_CUSTOMER;
            return journal.publish(ticket, snapshot -> new TicketWaitingOnCustomer(UUID.randomUUID(), Instant.now(),
                    snapshot, actor.userId()));
        });
    }

    @WithTransaction
    public Uni<TicketSummary> resolve(Caller caller, UUID ticketId) {
        return act(caller, ticketId, (actor, ticket) -> {
            access.checkActs(actor, ticket);
            if (!ticket.status.isActive()) {
                throw ProblemException.conflict("ticket #" + ticket.number + " is already " + ticket.status);
            }
            Instant now = Instant.now();
            UUID freedOwner = owner(ticket);
            ticket.status = TicketStatus.RESOLVED;
            ticket.resolvedAt = now;
            ticket.menuDeadline = null;
            return journal.publish(ticket, snapshot -> new TicketResolved(UUID.randomUUID(), now, snapshot,
                    actor.userId())).flatMap(done -> freed(freedOwner, now));
        });
    }

    @WithTransaction
    public Uni<TicketSummary> reopen(Caller caller, UUID ticketId, TicketRequests.WithReason body) {
        return act(caller, ticketId, (actor, ticket) -> {
            access.checkActs(actor, ticket);
            requireStatus(ticket, EnumSet.of(TicketStatus.RESOLVED), "reopen");
            return tickets.findActive(ticket.channelId, ticket.contactAddress).flatMap(active -> {
                if (active != null) {
                    throw ProblemException.conflict("the conversation already has an active ticket, #" + active.number);
                }
                ticket.status = ticket.assigneeId != null ? TicketStatus.OPEN : TicketStatus.QUEUED;
                ticket.resolvedAt = null;
                return journal.publish(ticket, snapshot -> new TicketReopened(UUID.randomUUID(), Instant.now(),
                        snapshot, actor.userId(), body == null ? null : body.reason()));
            });
        });
    }

    @WithTransaction
    public Uni<TicketSummary> close(Caller caller, UUID ticketId, TicketRequests.WithReason body) {
        return act(caller, ticketId, (actor, ticket) -> {
            access.checkActs(actor, ticket);
            if (ticket.status == TicketStatus.CLOSED) {
                throw ProblemException.conflict("ticket #" + ticket.number + " is already CLOSED");
            }
            Instant now = Instant.now();
            UUID freedOwner = owner(ticket);
            ticket.status = TicketStatus.CLOSED;
            ticket.menuDeadline = null;
            return journal.publish(ticket, snapshot -> new TicketClosed(UUID.randomUUID(), now, snapshot,
                    body == null ? null : body.reason())).flatMap(done -> freed(freedOwner, now));
        });
    }

    private Uni<TicketSummary> act(Caller caller, UUID ticketId, BiFunction<Actor, Ticket, Uni<Void>> change) {
        return access.actor(caller).flatMap(actor -> tickets.findById(ticketId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no ticket " + ticketId))
                .flatMap(ticket -> change.apply(actor, ticket).flatMap(done -> {
                    ticket.updatedAt = Instant.now();
                    return journal.summary(ticket);
                })));
    }

    /** The user whose capacity the ticket counts against, if any. */
    private static UUID owner(Ticket ticket) {
        return TicketRepository.OWNED_ACTIVE.contains(ticket.status) ? ticket.assigneeId : null;
    }

    /** A ticket stopped counting against this user's capacity (if any): its queues are offered to it. */
    private Uni<Void> freed(UUID user, Instant at) {
        return user == null ? Uni.createFrom().voidItem() : assignment.offerQueues(user, at);
    }

    private static void requireStatus(Ticket ticket, Set<TicketStatus> allowed, String what) {
        if (!allowed.contains(ticket.status)) {
            throw ProblemException.conflict("cannot " + what + " ticket #" + ticket.number + ": it is " + ticket.status);
        }
    }
}
