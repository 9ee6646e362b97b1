package io.atende.reporting;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.atende.contracts.ticket.TicketSnapshot;

/**
 * A ticket as the read model {@code rm_ticket} holds it, with what the response metrics remember between events
 * (who owes an answer since when, whether the cycle's first response is still to come). A plain object: a batch of
 * ticket events reads its tickets once, moves them through these transitions in memory, event by event, and writes
 * each back once.
 */
public final class ReportedTicket {

    /** Where a ticket is counted: created under (department, assignee), live under (department, assignee, status). */
    public record Cell(UUID departmentId, String departmentName, UUID assigneeId, String channelId, String status) {
    }

    /** What a {@link #describe} changed: the cell the ticket leaves (null if it is new) and the one it enters. */
    public record Moved(Cell from, Cell to, Instant openedAt) {

        /** Counted as created elsewhere: new, or its department or assignee changed. */
        public boolean reassigned() {
            return from == null || !Objects.equals(from.departmentId(), to.departmentId())
                    || !Objects.equals(from.assigneeId(), to.assigneeId());
        }

        /** Counted live elsewhere: reassigned, or its status changed. */
        public boolean recounted() {
            return reassigned() || !from.status().equals(to.status());
        }
    }

    /** A human answer to a customer who was owed one. */
    public record Answer(String kind, UUID departmentId, UUID agentId, String channelId, Instant awaitedFrom) {
    }

    /** The cycle measured from its opening (or reopening) to its resolution. */
    public record Resolution(UUID departmentId, UUID agentId, String channelId, Instant cycleOpenedAt) {
    }

    private final UUID ticketId;
    private final long number;
    private final String channelId;
    private final Instant openedAt;
    private UUID departmentId;
    private String departmentName;
    private UUID assigneeId;
    private String priority;
    private String status;
    private Instant resolvedAt;
    private int cycle;
    private Instant cycleOpenedAt;
    private Instant awaitingSince;
    private boolean firstResponsePending;
    private int transfers;
    private Instant updatedAt;
    /** False until the ticket's first snapshot was applied (in the read model or earlier in this batch). */
    private boolean described;

    public ReportedTicket(UUID ticketId, long number, String channelId, UUID departmentId, String departmentName,
            UUID assigneeId, String priority, String status, Instant openedAt, Instant resolvedAt, int cycle,
            Instant cycleOpenedAt, Instant awaitingSince, boolean firstResponsePending, int transfers,
            Instant updatedAt) {
        this.ticketId = ticketId;
        this.number = number;
        this.channelId = channelId;
        this.departmentId = departmentId;
        this.departmentName = departmentName;
        this.assigneeId = assigneeId;
        this.priority = priority;
        this.status = status;
        this.openedAt = openedAt;
        this.resolvedAt = resolvedAt;
        this.cycle = cycle;
        this.cycleOpenedAt = cycleOpenedAt;
        this.awaitingSince = awaitingSince;
        this.firstResponsePending = firstResponsePending;
        this.transfers = transfers;
        this.updatedAt = updatedAt;
        this.described = true;
    }

    /** A ticket the read model has not seen: its first event's snapshot describes it. */
    public static ReportedTicket unseen(TicketSnapshot ticket) {
        ReportedTicket unseen = new ReportedTicket(ticket.id(), ticket.number(), ticket.channel().id(), null, null,
                null, null, null, ticket.openedAt(), null, 1, ticket.openedAt(), null, true, 0, null);
        unseen.described = false;
        return unseen;
    }

    /**
     * The ticket as the event's snapshot describes it (department, assignee, priority, status). Its creation is
     * counted under its department and assignee and it is counted live under its status: a change of either takes
     * it out of the old cell and puts it into the new one.
     */
    public Moved describe(TicketSnapshot ticket, Instant at) {
        Cell from = described ? cell() : null;
        departmentId = ticket.departmentId();
        departmentName = ticket.departmentName();
        assigneeId = ticket.assigneeId();
        priority = ticket.priority().name();
        status = ticket.status().name();
        updatedAt = at;
        described = true;
        return new Moved(from, cell(), openedAt);
    }

    /** A customer message is owed an answer from now, unless an earlier one still is. */
    public void awaitAnswer(Instant since) {
        if (awaitingSince == null) {
            awaitingSince = since;
        }
    }

    /** A human answered: the FIRST response of the cycle or a NEXT one, if an answer was owed. */
    public Optional<Answer> answer(UUID authorUserId) {
        Optional<Answer> answer = awaitingSince == null ? Optional.empty()
                : Optional.of(new Answer(firstResponsePending ? "FIRST" : "NEXT", departmentId,
                        authorUserId != null ? authorUserId : assigneeId, channelId, awaitingSince));
        awaitingSince = null;
        firstResponsePending = false;
        return answer;
    }

    public void noteTransfer() {
        transfers++;
    }

    /** The cycle is resolved; nothing is owed any more. */
    public Resolution resolve(Instant at) {
        Resolution resolution = new Resolution(departmentId, assigneeId, channelId, cycleOpenedAt);
        resolvedAt = at;
        awaitingSince = null;
        return resolution;
    }

    /** A new cycle: the reopening message is owed an answer, and the first response is measured again. */
    public void reopen(Instant at) {
        cycle++;
        cycleOpenedAt = at;
        firstResponsePending = true;
        resolvedAt = null;
        awaitingSince = at;
    }

    private Cell cell() {
        return new Cell(departmentId, departmentName, assigneeId, channelId, status);
    }

    public UUID ticketId() {
        return ticketId;
    }

    public long number() {
        return number;
    }

    public String channelId() {
        return channelId;
    }

    public UUID departmentId() {
        return departmentId;
    }

    public String departmentName() {
        return departmentName;
    }

    public UUID assigneeId() {
        return assigneeId;
    }

    public String priority() {
        return priority;
    }

    public String status() {
        return status;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public Instant resolvedAt() {
        return resolvedAt;
    }

    public int cycle() {
        return cycle;
    }

    public Instant cycleOpenedAt() {
        return cycleOpenedAt;
    }

    public Instant awaitingSince() {
        return awaitingSince;
    }

    public boolean firstResponsePending() {
        return firstResponsePending;
    }

    public int transfers() {
        return transfers;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
