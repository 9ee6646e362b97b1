package io.atende.ticketing.repository;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hibernate.LockMode;

import io.atende.contracts.ticket.TicketStatus;
import io.atende.ticketing.Ticket;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

@ApplicationScoped
public class TicketRepository implements PanacheRepositoryBase<Ticket, UUID> {

    private static final List<TicketStatus> FINISHED = List.of(TicketStatus.RESOLVED, TicketStatus.CLOSED);
    /** Statuses in which a ticket counts against its owner's capacity. */
    public static final List<TicketStatus> OWNED_ACTIVE = List.of(TicketStatus.OPEN, TicketStatus.WAITING_ON_CUSTOMER);

    /** The conversation's active ticket, if any (there is at most one: a unique index says so). */
    public Uni<Ticket> findActive(String channelId, String contactAddress) {
        return find("channelId = ?1 and contactAddress = ?2 and status not in ?3", channelId, contactAddress, FINISHED)
                .firstResult();
    }

    /**
     * The conversation's active ticket, locked, with a new version at the commit: what the intake appends to. An
     * agent's action that read the ticket before the append then fails as a conflict (optimistic version) instead
     * of acting on a conversation it has not seen; one that holds the ticket makes the intake wait for it.
     */
    public Uni<Ticket> findActiveForIntake(String channelId, String contactAddress) {
        return find("channelId = ?1 and contactAddress = ?2 and status not in ?3", channelId, contactAddress, FINISHED)
                .withLock(LockModeType.PESSIMISTIC_FORCE_INCREMENT).firstResult();
    }

    /** The conversation's most recently resolved ticket, if any. */
    public Uni<Ticket> findLastResolved(String channelId, String contactAddress) {
        return find("channelId = ?1 and contactAddress = ?2 and status = ?3",
                Sort.by("resolvedAt", Sort.Direction.Descending), channelId, contactAddress, TicketStatus.RESOLVED)
                .firstResult();
    }

    public Uni<Ticket> findByNumber(long number) {
        return find("number", number).firstResult();
    }

    /** A contact's tickets across channels, newest first. */
    public Uni<List<Ticket>> findByContact(String contactAddress, int limit) {
        return find("contactAddress", Sort.by("openedAt", Sort.Direction.Descending), contactAddress).page(0, limit).list();
    }

    /** A department's queue: tickets without an owner, oldest first (index {@code ticket_department_queue}). */
    private static final String QUEUE = "from Ticket where departmentId = ?1 and status = ?2 order by openedAt, id";

    public Uni<List<Ticket>> queue(UUID departmentId, int pageIndex, int pageSize) {
        return find(QUEUE, departmentId, TicketStatus.QUEUED).page(Page.of(pageIndex, pageSize)).list();
    }

    /**
     * The oldest queued ticket of the department that no other transaction holds, locked until this one ends (null
     * if none). Two drains of one queue whose agents do not overlap (neither sees the other's agent ONLINE yet) take
     * different tickets instead of both assigning the oldest (which would end in a version conflict).
     */
    public Uni<Ticket> nextQueuedLocked(UUID departmentId) {
        return Panache.getSession().flatMap(session -> session.createSelectionQuery(QUEUE, Ticket.class)
                .setParameter(1, departmentId).setParameter(2, TicketStatus.QUEUED).setMaxResults(1)
                .setLockMode(LockMode.UPGRADE_SKIPLOCKED).getSingleResultOrNull());
    }

    /** A user's active tickets, oldest first. */
    public Uni<List<Ticket>> ownedBy(UUID userId, int pageIndex, int pageSize) {
        return find("assigneeId = ?1 and status in ?2", Sort.by("openedAt").and("id"), userId, OWNED_ACTIVE)
                .page(Page.of(pageIndex, pageSize)).list();
    }

    /**
     * A user's active tickets, oldest first, locked until the transaction ends. Tickets are locked before agents on
     * every path (a ticket changed, then its agents locked to offer queues), so take these before any agent.
     */
    public Uni<List<Ticket>> allOwnedByLocked(UUID userId) {
        return find("assigneeId = ?1 and status in ?2", Sort.by("openedAt").and("id"), userId, OWNED_ACTIVE)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** Owned active tickets per user (users without any are absent). */
    public Uni<Map<UUID, Long>> ownedCounts(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().flatMap(session -> session.createSelectionQuery(
                "select t.assigneeId, count(t) from Ticket t where t.assigneeId in :users and t.status in :owned"
                        + " group by t.assigneeId", Object[].class)
                .setParameter("users", userIds).setParameter("owned", OWNED_ACTIVE).getResultList())
                .map(rows -> {
                    Map<UUID, Long> counts = new HashMap<>();
                    rows.forEach(row -> counts.put((UUID) row[0], (Long) row[1]));
                    return counts;
                });
    }

    /** Menus whose answer is overdue, locked; rows another replica holds are skipped. */
    public Uni<List<Ticket>> overdueMenusLocked(Instant now, int limit) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                "select * from ticket where status = 'IN_MENU' and menu_deadline <= :now order by menu_deadline"
                        + " limit :limit for update skip locked", Ticket.class)
                .setParameter("now", now).setParameter("limit", limit).getResultList());
    }

    public Uni<Long> nextNumber() {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("select nextval('ticket_number_seq')", Long.class).getSingleResult());
    }
}
