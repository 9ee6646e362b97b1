package io.atende.ticketing.service;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import io.atende.contracts.ticket.TicketAssigned;
import io.atende.contracts.ticket.TicketStatus;
import io.atende.ticketing.AppUser;
import io.atende.ticketing.Department;
import io.atende.ticketing.Ticket;
import io.atende.ticketing.repository.DepartmentRepository;
import io.atende.ticketing.repository.TicketRepository;
import io.atende.ticketing.repository.UserRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Automatic ownership, per department: ROUND_ROBIN gives the ticket to the ONLINE agent whose last automatic
 * assignment is the oldest; LEAST_OPEN to the ONLINE agent with the fewest owned active tickets. Both skip agents at
 * their capacity; when nobody can take the ticket it stays QUEUED, until an agent of the department has room again
 * ({@link #offerQueues}). Runs in the caller's transaction.
 */
@ApplicationScoped
public class Assignment {

    private static final Comparator<AppUser> TURN = Comparator
            .comparing((AppUser user) -> user.lastAssignedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(user -> user.username);

    private final UserRepository users;
    private final TicketRepository tickets;
    private final DepartmentRepository departments;
    private final TicketJournal journal;

    public Assignment(UserRepository users, TicketRepository tickets, DepartmentRepository departments,
            TicketJournal journal) {
        this.users = users;
        this.tickets = tickets;
        this.departments = departments;
        this.journal = journal;
    }

    /**
     * Assigns a QUEUED ticket if its department assigns automatically and someone can take it. Locks the department's
     * ONLINE agents (one statement, id order): call it at most once per transaction, and not together with
     * {@link #offerQueues} or {@link #changeUser}.
     */
    public Uni<Boolean> tryAssign(Ticket ticket, Department department, Instant at) {
        if (department == null || department.assignmentMode == Department.AssignmentMode.MANUAL
                || ticket.status != TicketStatus.QUEUED || ticket.assigneeId != null) {
            return Uni.createFrom().item(false);
        }
        return users.onlineServingLocked(List.of(department.id), null)
                .flatMap(online -> assign(ticket, department, online, at));
    }

    /** A user has room again (see {@link #offerQueues(UUID, Collection, Instant)}): its departments' queues. */
    public Uni<Void> offerQueues(UUID userId, Instant at) {
        return offerQueues(userId, List.of(), at);
    }

    /**
     * Queues to offer to assignment: those of the departments the user serves (a user that has room again: came
     * ONLINE, finished or handed over a ticket, got more capacity or departments; null for none) and of the given
     * departments (a ticket was queued there, or it became automatic). The automatically assigned ones are drained in
     * department id order, each oldest ticket first (the queue listing's order), until nobody can take the next one.
     * Changes made so far in the transaction are flushed first, so the owned-ticket counts see them. Every ONLINE
     * agent serving any of these departments is locked once, in one statement ordered by id, before any queue is
     * read: two transactions over overlapping departments take turns instead of deadlocking, and a concurrent drain
     * of the same queue has committed (its tickets are no longer QUEUED) or waits, so no ticket is assigned twice.
     * The only locking call of its transaction, like {@link #tryAssign} and {@link #changeUser}; a change of a user's
     * own row goes through {@link #changeUser}, which locks that row in the same order.
     */
    public Uni<Void> offerQueues(UUID userId, Collection<UUID> departmentIds, Instant at) {
        return offerQueues(userId, departmentIds, null, null, at);
    }

    /**
     * Changes a user, then offers the queues as {@code offerQueues(user.id, departmentIds, at)} does: the user's row
     * is locked together with those agents, in the same statement and id order (even when the user is not ONLINE or
     * serves none of these departments), and only then is the user reloaded and changed; the departments given are
     * those the change makes involved (the user's new departments, those of the tickets it requeues). The user must
     * not have been modified yet in the transaction: written before the lock, its row would be locked out of order.
     */
    public Uni<Void> changeUser(AppUser user, Collection<UUID> departmentIds, Supplier<Uni<Void>> change, Instant at) {
        return offerQueues(user.id, departmentIds, user, change, at);
    }

    private Uni<Void> offerQueues(UUID userId, Collection<UUID> departmentIds, AppUser changed,
            Supplier<Uni<Void>> change, Instant at) {
        return flush().flatMap(flushed -> userId == null ? Uni.createFrom().item(List.<UUID>of())
                : users.departmentsOf(userId))
                .flatMap(ids -> {
                    Set<UUID> all = new HashSet<>(ids);
                    all.addAll(departmentIds);
                    return all.isEmpty() ? Uni.createFrom().item(List.<Department>of())
                            : departments.list("id in ?1 and assignmentMode <> ?2 order by id", all,
                                    Department.AssignmentMode.MANUAL);
                })
                .flatMap(automatic -> users.onlineServingLocked(
                        automatic.stream().map(department -> department.id).toList(),
                        changed == null ? null : changed.id)
                        .flatMap(locked -> (changed == null ? Uni.createFrom().voidItem()
                                // Read again under the lock (another transaction may have changed it meanwhile).
                                : Panache.getSession().flatMap(session -> session.refresh(changed))
                                        .flatMap(refreshed -> change.get()).flatMap(changedNow -> flush()))
                                .flatMap(ready -> drain(automatic, locked.stream()
                                        .filter(user -> user.availability == AppUser.Availability.ONLINE).toList(),
                                        at))));
    }

    private Uni<Void> drain(List<Department> automatic, List<AppUser> online, Instant at) {
        if (automatic.isEmpty() || online.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return users.departmentsOf(online.stream().map(user -> user.id).toList())
                .flatMap(serving -> Multi.createFrom().iterable(automatic)
                        .onItem().transformToUniAndConcatenate(department -> assignQueued(department,
                                online.stream().filter(user -> serving.getOrDefault(user.id, Set.of())
                                        .contains(department.id)).toList(), at))
                        .collect().last())
                .replaceWithVoid();
    }

    /** Assigns the department's oldest queued ticket, then the next, while someone (already locked) can take it. */
    private Uni<Void> assignQueued(Department department, List<AppUser> online, Instant at) {
        return tickets.nextQueuedLocked(department.id)
                .flatMap(next -> next == null ? Uni.createFrom().item(false) : assign(next, department, online, at))
                // Each assignment is flushed before the next choice counts owned tickets.
                .flatMap(assigned -> !assigned ? Uni.createFrom().voidItem()
                        : flush().flatMap(flushed -> assignQueued(department, online, at)));
    }

    private Uni<Boolean> assign(Ticket ticket, Department department, List<AppUser> online, Instant at) {
        return tickets.ownedCounts(online.stream().map(user -> user.id).toList()).flatMap(counts -> {
            AppUser chosen = choose(department.assignmentMode, online, counts);
            if (chosen == null) {
                return Uni.createFrom().item(false);
            }
            ticket.assigneeId = chosen.id;
            ticket.status = TicketStatus.OPEN;
            ticket.updatedAt = Instant.now();
            chosen.lastAssignedAt = Instant.now(); // bookkeeping of turns, not a reported time
            return journal.publish(ticket, snapshot -> new TicketAssigned(UUID.randomUUID(), at, snapshot,
                    null, department.assignmentMode.name())).replaceWith(true);
        });
    }

    private static Uni<Void> flush() {
        return Panache.getSession().flatMap(session -> session.flush());
    }

    static AppUser choose(Department.AssignmentMode mode, List<AppUser> online, Map<UUID, Long> counts) {
        List<AppUser> free = online.stream().filter(user -> counts.getOrDefault(user.id, 0L) < user.capacity).toList();
        Comparator<AppUser> order = mode == Department.AssignmentMode.LEAST_OPEN
                ? Comparator.comparing((AppUser user) -> counts.getOrDefault(user.id, 0L)).thenComparing(TURN)
                : TURN;
        return free.stream().min(order).orElse(null);
    }
}
