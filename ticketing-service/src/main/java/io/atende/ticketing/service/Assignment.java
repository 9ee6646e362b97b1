package io.atende.ticketing.service;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.atende.contracts.ticket.TicketAssigned;
import io.atende.contracts.ticket.TicketStatus;
import io.atende.ticketing.AppUser;
import io.atende.ticketing.Department;
import io.atende.ticketing.Ticket;
import io.atende.ticketing.repository.TicketRepository;
import io.atende.ticketing.repository.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Automatic ownership, per department: ROUND_ROBIN gives the ticket to the ONLINE agent whose last automatic
 * assignment is the oldest; LEAST_OPEN to the ONLINE agent with the fewest owned active tickets. Both skip agents at
 * their capacity; when nobody can take the ticket it stays QUEUED. Runs in the caller's transaction.
 */
@ApplicationScoped
public class Assignment {

    private static final Comparator<AppUser> TURN = Comparator
            .comparing((AppUser user) -> user.lastAssignedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(user -> user.username);

    private final UserRepository users;
    private final TicketRepository tickets;
    private final TicketJournal journal;

    public Assignment(UserRepository users, TicketRepository tickets, TicketJournal journal) {
        this.users = users;
        this.tickets = tickets;
        this.journal = journal;
    }

    /** Assigns a QUEUED ticket if its department assigns automatically and someone can take it. */
    public Uni<Boolean> tryAssign(Ticket ticket, Department department, Instant at) {
        if (department == null || department.assignmentMode == Department.AssignmentMode.MANUAL
                || ticket.status != TicketStatus.QUEUED || ticket.assigneeId != null) {
            return Uni.createFrom().item(false);
        }
        return users.onlineServingLocked(department.id).flatMap(online -> tickets
                .ownedCounts(online.stream().map(user -> user.id).toList())
                .flatMap(counts -> {
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
                }));
    }

    static AppUser choose(Department.AssignmentMode mode, List<AppUser> online, Map<UUID, Long> counts) {
        List<AppUser> free = online.stream().filter(user -> counts.getOrDefault(user.id, 0L) < user.capacity).toList();
        Comparator<AppUser> order = mode == Department.AssignmentMode.LEAST_OPEN
                ? Comparator.comparing((AppUser user) -> counts.getOrDefault(user.id, 0L)).thenComparing(TURN)
                : TURN;
        return free.stream().min(order).orElse(null);
    }
}
