package io.atende.ticketing.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.atende.contracts.ticket.TicketStatus;
import io.atende.contracts.ticket.TicketTransferred;
import io.atende.platform.rest.ProblemException;
import io.atende.ticketing.AppUser;
import io.atende.ticketing.ChannelSettings;
import io.atende.ticketing.Department;
import io.atende.ticketing.Ticket;
import io.atende.ticketing.TicketTransfer;
import io.atende.ticketing.config.TicketingConfig;
import io.atende.ticketing.repository.ChannelSettingsRepository;
import io.atende.ticketing.repository.DepartmentRepository;
import io.atende.ticketing.repository.TicketRepository;
import io.atende.ticketing.repository.TicketTransferRepository;
import io.atende.ticketing.repository.UserRepository;
import io.atende.ticketing.rest.AdminViews.AvailabilityBody;
import io.atende.ticketing.rest.AdminViews.ChannelSettingsBody;
import io.atende.ticketing.rest.AdminViews.ChannelSettingsView;
import io.atende.ticketing.rest.AdminViews.DepartmentBody;
import io.atende.ticketing.rest.AdminViews.DepartmentView;
import io.atende.ticketing.rest.AdminViews.UserBody;
import io.atende.ticketing.rest.AdminViews.UserView;
import io.atende.ticketing.service.Access.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Departments, users and channel settings: what admins maintain, and the availability agents switch. */
@ApplicationScoped
public class Directory {

    private static final int DEFAULT_CAPACITY = 5;

    private final DepartmentRepository departments;
    private final UserRepository users;
    private final ChannelSettingsRepository channels;
    private final TicketRepository tickets;
    private final TicketTransferRepository transfers;
    private final Access access;
    private final Assignment assignment;
    private final TicketJournal journal;
    private final TicketingConfig config;
    private final ReferenceData reference;

    public Directory(DepartmentRepository departments, UserRepository users, ChannelSettingsRepository channels,
            TicketRepository tickets, TicketTransferRepository transfers, Access access, Assignment assignment,
            TicketJournal journal, TicketingConfig config, ReferenceData reference) {
        this.reference = reference;
        this.departments = departments;
        this.users = users;
        this.channels = channels;
        this.tickets = tickets;
        this.transfers = transfers;
        this.access = access;
        this.assignment = assignment;
        this.journal = journal;
        this.config = config;
    }

    // --- departments

    @WithSession
    public Uni<List<DepartmentView>> departments() {
        return departments.listAll(io.quarkus.panache.common.Sort.by("name"))
                .map(all -> all.stream().map(Directory::view).toList());
    }

    @WithSession
    public Uni<DepartmentView> department(UUID id) {
        return findDepartment(id).map(Directory::view);
    }

    @WithTransaction
    public Uni<DepartmentView> createDepartment(DepartmentBody body) {
        requireText(body == null ? null : body.name(), "name");
        return departments.find("name", body.name().strip()).firstResult().flatMap(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("a department named '" + body.name().strip() + "' exists");
            }
            Department department = new Department();
            department.id = UUID.randomUUID();
            department.name = body.name().strip();
            department.assignmentMode = body.assignmentMode() == null ? Department.AssignmentMode.MANUAL
                    : body.assignmentMode();
            return departments.persist(department).invoke(reference::invalidate).map(Directory::view);
        });
    }

    @WithTransaction
    public Uni<DepartmentView> updateDepartment(UUID id, DepartmentBody body) {
        if (body == null) {
            throw ProblemException.badRequest("a department body is required");
        }
        return findDepartment(id).flatMap(department -> {
            if (body.name() != null && !body.name().isBlank()) {
                department.name = body.name().strip();
            }
            // A MANUAL department made automatic: its queue is assigned now, to the ONLINE agents with room.
            boolean nowAutomatic = department.assignmentMode == Department.AssignmentMode.MANUAL
                    && body.assignmentMode() != null && body.assignmentMode() != Department.AssignmentMode.MANUAL;
            if (body.assignmentMode() != null) {
                department.assignmentMode = body.assignmentMode();
            }
            reference.invalidate();
            return (nowAutomatic ? assignment.offerQueues(null, List.of(department.id), Instant.now())
                    : Uni.createFrom().voidItem()).map(done -> view(department));
        });
    }

    private Uni<Department> findDepartment(UUID id) {
        return departments.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("no department " + id));
    }

    private Uni<Void> requireDepartments(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return departments.list("id in ?1", ids).invoke(found -> {
            List<UUID> missing = new ArrayList<>(ids);
            found.forEach(department -> missing.remove(department.id));
            if (!missing.isEmpty()) {
                throw ProblemException.notFound("no department " + missing.get(0));
            }
        }).replaceWithVoid();
    }

    private static DepartmentView view(Department department) {
        return new DepartmentView(department.id, department.name, department.isDefault, department.assignmentMode);
    }

    // --- users

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
        requireText(body == null ? null : body.username(), "username");
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
            return requireDepartments(departmentIds);
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
                : requireDepartments(body.departmentIds()))
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

    // --- channel settings

    @WithSession
    public Uni<ChannelSettingsView> channelSettings(String channelId) {
        return channels.findById(channelId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no settings for channel " + channelId))
                .flatMap(this::view);
    }

    @WithTransaction
    public Uni<ChannelSettingsView> putChannelSettings(String channelId, ChannelSettingsBody body) {
        if (body == null || body.departmentIds() == null || body.departmentIds().isEmpty()) {
            throw ProblemException.badRequest("a channel serves at least one department: give 'departmentIds'");
        }
        if (body.departmentIds().stream().distinct().count() != body.departmentIds().size()) {
            throw ProblemException.badRequest("'departmentIds' lists a department twice");
        }
        if (body.maxInvalidAnswers() != null && body.maxInvalidAnswers() < 0) {
            throw ProblemException.badRequest("'maxInvalidAnswers' cannot be negative");
        }
        UUID defaultId = body.defaultDepartmentId() != null ? body.defaultDepartmentId() : body.departmentIds().get(0);
        if (!body.departmentIds().contains(defaultId)) {
            throw ProblemException.badRequest("the default department must be one the channel serves");
        }
        return requireDepartments(body.departmentIds())
                .flatMap(checked -> channels.findById(channelId))
                .flatMap(existing -> {
                    ChannelSettings settings = existing != null ? existing : new ChannelSettings();
                    settings.channelId = channelId;
                    settings.defaultDepartmentId = defaultId;
                    settings.greeting = blankToNull(body.greeting());
                    settings.invalidOption = blankToNull(body.invalidOption());
                    settings.maxInvalidAnswers = body.maxInvalidAnswers();
                    settings.updatedAt = Instant.now();
                    Uni<ChannelSettings> saved = existing != null ? Uni.createFrom().item(settings)
                            : channels.persist(settings);
                    return saved.flatMap(s -> channels.setDepartments(channelId, body.departmentIds()))
                            .invoke(reference::invalidate)
                            .replaceWith(settings);
                })
                .map(settings -> new ChannelSettingsView(settings.channelId, body.departmentIds(),
                        settings.defaultDepartmentId, effectiveGreeting(settings), effectiveInvalid(settings),
                        effectiveMax(settings)));
    }

    private Uni<ChannelSettingsView> view(ChannelSettings settings) {
        return channels.departmentsOf(settings.channelId).map(ids -> new ChannelSettingsView(settings.channelId, ids,
                settings.defaultDepartmentId, effectiveGreeting(settings), effectiveInvalid(settings),
                effectiveMax(settings)));
    }

    private String effectiveGreeting(ChannelSettings settings) {
        return settings.greeting != null ? settings.greeting : config.menu().greeting();
    }

    private String effectiveInvalid(ChannelSettings settings) {
        return settings.invalidOption != null ? settings.invalidOption : config.menu().invalidOption();
    }

    private int effectiveMax(ChannelSettings settings) {
        return settings.maxInvalidAnswers != null ? settings.maxInvalidAnswers : config.maxInvalidAnswers();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest("'" + field + "' is required");
        }
    }
}
