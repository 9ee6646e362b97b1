package io.atende.ticketing.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.atende.contracts.ticket.TicketStatus;
import io.atende.contracts.ticket.TicketTransferred;
import io.atende.platform.rest.ProblemException;
import io.atende.ticketing.AppUser;
import io.atende.ticketing.Ticket;
import io.atende.ticketing.TicketTransfer;
import io.atende.ticketing.config.TicketingConfig;
import io.atende.ticketing.repository.TicketRepository;
import io.atende.ticketing.repository.TicketTransferRepository;
import io.atende.ticketing.repository.UserRepository;
import io.atende.ticketing.rest.AdminViews.AvailabilityBody;
import io.atende.ticketing.rest.AdminViews.UserBody;
import io.atende.ticketing.rest.AdminViews.UserView;
import io.atende.ticketing.service.Access.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Users: what admins maintain (roles, departments, capacity), and the availability agents switch. */
@ApplicationScoped
public class Users {

    private static final int DEFAULT_CAPACITY = 5;

    private final UserRepository users;
    private final TicketRepository tickets;
    private final TicketTransferRepository transfers;
    private final Access access;
    private final Assignment assignment;
    private final TicketJournal journal;
    private final TicketingConfig config;
    private final Departments departments;

    public Users(UserRepository users, TicketRepository tickets, TicketTransferRepository transfers, Access access,
            Assignment assignment, TicketJournal journal, TicketingConfig config, Departments departments) {
        this.users = users;
        this.tickets = tickets;
        this.transfers = transfers;
        this.access = access;
        this.assignment = assignment;
        this.journal = journal;
        this.config = config;
        this.departments = departments;
    }

    @WithSession
    public Uni<List<UserView>> users() {
        return users.all().flatMap(all -> Multi.createFrom().iterable(all)
                .onItem().transformToUniAndConcatenate(this::view).collect().asList());
    }

    @WithSession
    public Uni<UserView> user(UUID id) {
        return findUser(id).flatMap(this::view);
    }

    @WithSession
    public Uni<UserView> me(Caller caller) {
        return access.actor(caller).flatMap(actor -> view(actor.requireUser()));
    }

    @WithTransaction
    public Uni<UserView> createUser(UserBody body) {
        Required.text(body == null ? null : body.username(), "username");
        if (body.role() == null) {
            throw ProblemException.badRequest("give a 'role': ADMIN, SUPERVISOR or AGENT");
        }
        if (body.capacity() != null && body.capacity() < 0) {
            throw ProblemException.badRequest("'capacity' cannot be negative");
        }
        List<UUID> departmentIds = body.departmentIds() == null ? List.of() : body.departmentIds();
        return users.findByUsername(body.username().strip()).flatMap(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("user '" + body.username().strip() + "' exists");
            }
            return departments.requireAll(departmentIds);
        }).flatMap(checked -> {
            AppUser user = new AppUser();
            user.id = UUID.randomUUID();
            user.username = body.username().strip();
            user.displayName = body.displayName() == null || body.displayName().isBlank() ? user.username
                    : body.displayName().strip();
            user.role = body.role();
            user.availability = body.availability() == null ? AppUser.Availability.OFFLINE : body.availability();
            user.capacity = body.capacity() == null ? DEFAULT_CAPACITY : body.capacity();
            return users.persist(user).flatMap(saved -> users.setDepartments(user.id, departmentIds))
                    .flatMap(done -> user.availability == AppUser.Availability.ONLINE
                            ? assignment.offerQueues(user.id, Instant.now()) : Uni.createFrom().voidItem())
                    .flatMap(done -> view(user));
        });
    }

    @WithTransaction
    public Uni<UserView> updateUser(Caller caller, UUID id, UserBody body) {
        if (body == null) {
            throw ProblemException.badRequest("a user body is required");
        }
        if (body.capacity() != null && body.capacity() < 0) {
            throw ProblemException.badRequest("'capacity' cannot be negative");
        }
        return findUser(id).flatMap(user -> (body.departmentIds() == null ? Uni.createFrom().voidItem()
                : departments.requireAll(body.departmentIds()))
                .flatMap(checked -> changeUser(caller, user, body.departmentIds(), body.availability(), () -> {
                    if (body.displayName() != null && !body.displayName().isBlank()) {
                        user.displayName = body.displayName().strip();
                    }
                    if (body.role() != null) {
                        user.role = body.role();
                    }
                    if (body.capacity() != null) {
                        user.capacity = body.capacity();
                    }
                }))
                .flatMap(done -> view(user)));
    }

    /** An agent switches its own availability (ONLINE, PAUSED, OFFLINE). */
    @WithTransaction
    public Uni<UserView> setMyAvailability(Caller caller, AvailabilityBody body) {
        if (body == null || body.availability() == null) {
            throw ProblemException.badRequest("give an 'availability': ONLINE, PAUSED or OFFLINE");
        }
        return access.actor(caller).flatMap(actor -> {
            AppUser me = actor.requireUser();
            return changeUser(caller, me, null, body.availability(), () -> { }).flatMap(done -> view(me));
        });
    }

    /**
     * Edits a user, sets its departments (null: unchanged) and availability (null: unchanged), then offers the queues
     * of its old and new departments (it may have room now: more capacity or departments, came ONLINE). The user's
     * row is locked with those departments' ONLINE agents, in id order, before anything of it is written
     * ({@link Assignment#changeUser}). Going OFFLINE with {@code atende.ticketing.offline-agent-tickets=REQUEUE}
     * returns the user's owned tickets to their department queues (audited as transfers, then offered to automatic
     * assignment, their departments locked too); with KEEP they stay.
     */
    private Uni<Void> changeUser(Caller caller, AppUser user, List<UUID> departmentIds,
            AppUser.Availability availability, Runnable edit) {
        boolean mayRequeue = availability == AppUser.Availability.OFFLINE
                && config.offlineAgentTickets() == TicketingConfig.OfflineAgentTickets.REQUEUE;
        Instant now = Instant.now();
        // Its tickets locked first, as a resolve or transfer locks its ticket before the agents.
        return (mayRequeue ? tickets.allOwnedByLocked(user.id) : Uni.createFrom().item(List.<Ticket>of()))
                .flatMap(owned -> {
                    List<UUID> involved = new ArrayList<>(departmentIds == null ? List.of() : departmentIds);
                    owned.forEach(ticket -> involved.add(ticket.departmentId));
                    return assignment.changeUser(user, involved, () -> {
                        boolean wasOffline = user.availability == AppUser.Availability.OFFLINE;
                        edit.run();
                        if (availability != null) {
                            user.availability = availability;
                        }
                        Uni<Void> departmentsSet = departmentIds == null ? Uni.createFrom().voidItem()
                                : users.setDepartments(user.id, departmentIds);
                        return departmentsSet.flatMap(done -> !mayRequeue || wasOffline ? Uni.createFrom().voidItem()
                                : Multi.createFrom().iterable(owned)
                                        .onItem().transformToUniAndConcatenate(ticket -> requeue(caller, user, ticket, now))
                                        .collect().last().replaceWithVoid());
                    }, now);
                });
    }

    private Uni<Void> requeue(Caller caller, AppUser user, Ticket ticket, Instant now) {
        TicketTransfer audit = new TicketTransfer();
        audit.id = UUID.randomUUID();
        audit.ticketId = ticket.id;
        audit.fromDepartmentId = ticket.departmentId;
        audit.toDepartmentId = ticket.departmentId;
        audit.fromAssigneeId = user.id;
        audit.byUsername = caller.name();
        audit.reason = "the owner went offline";
        audit.transferredAt = now;
        ticket.assigneeId = null;
        ticket.status = TicketStatus.QUEUED;
        ticket.updatedAt = now;
        return users.findByUsername(caller.name()).invoke(by -> audit.byUserId = by == null ? null : by.id)
                .flatMap(by -> transfers.persist(audit))
                .flatMap(saved -> journal.publish(ticket, snapshot -> new TicketTransferred(UUID.randomUUID(), now,
                        snapshot, audit.fromDepartmentId, audit.toDepartmentId, user.id, null, audit.byUserId,
                        audit.reason)))
                .replaceWithVoid();
    }

    private Uni<AppUser> findUser(UUID id) {
        return users.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("no user " + id));
    }

    private Uni<UserView> view(AppUser user) {
        return users.departmentsOf(user.id).map(ids -> new UserView(user.id, user.username, user.displayName,
                user.role, ids, user.availability, user.capacity));
    }
}
