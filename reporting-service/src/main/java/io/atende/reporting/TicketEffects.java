package io.atende.reporting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a batch of ticket events does to the read models, planned in memory and written in a few multi-row
 * statements: each ticket's final row, the messages, responses and resolutions measured, and the rollup and
 * live-counter deltas of the tickets that moved between cells (summed per cell, so a ticket moved and moved back
 * within the batch leaves nothing). A message or resolution moves its rollup only if its row is new (written by the
 * statement that stores it), as an event replayed after its de-dup record expired must not count twice.
 */
public final class TicketEffects {

    public record Message(UUID eventId, UUID ticketId, String channelId, UUID departmentId, String direction,
            String author, Instant occurredAt) {
    }

    public record Response(UUID eventId, UUID ticketId, ReportedTicket.Answer answer, Instant respondedAt) {
    }

    public record Resolved(UUID eventId, UUID ticketId, ReportedTicket.Resolution resolution, Instant resolvedAt) {
    }

    /** Tickets created, counted at their opening under a department and agent. */
    public record CreatedKey(Instant at, UUID departmentId, UUID agentId, String channelId) {
    }

    /** Tickets counted live under a department, assignee and status. */
    public record LiveKey(UUID departmentId, UUID assigneeId, String channelId, String status) {
    }

    public record LiveDelta(LiveKey key, String departmentName, int tickets) {
    }

    private final Map<UUID, ReportedTicket> tickets = new LinkedHashMap<>();
    private final List<Message> messages = new ArrayList<>();
    private final List<Response> responses = new ArrayList<>();
    private final List<Resolved> resolutions = new ArrayList<>();
    private final Map<CreatedKey, Integer> created = new LinkedHashMap<>();
    private final Map<LiveKey, Integer> live = new LinkedHashMap<>();
    private final Map<LiveKey, String> liveNames = new LinkedHashMap<>();

    public void changed(ReportedTicket ticket) {
        tickets.putIfAbsent(ticket.ticketId(), ticket);
    }

    public void moved(ReportedTicket.Moved moved) {
        if (moved.reassigned()) {
            count(moved.to(), moved.openedAt(), 1);
            if (moved.from() != null) {
                count(moved.from(), moved.openedAt(), -1);
            }
        }
        if (moved.recounted()) {
            countLive(moved.to(), 1);
            if (moved.from() != null) {
                countLive(moved.from(), -1);
            }
        }
    }

    public void message(Message message) {
        messages.add(message);
    }

    public void response(Response response) {
        responses.add(response);
    }

    public void resolved(Resolved resolved) {
        resolutions.add(resolved);
    }

    private void count(ReportedTicket.Cell cell, Instant openedAt, int tickets) {
        created.merge(new CreatedKey(openedAt, cell.departmentId(), cell.assigneeId(), cell.channelId()), tickets,
                Integer::sum);
    }

    private void countLive(ReportedTicket.Cell cell, int tickets) {
        LiveKey key = new LiveKey(cell.departmentId(), cell.assigneeId(), cell.channelId(), cell.status());
        live.merge(key, tickets, Integer::sum);
        // The name travels with the ticket entering the cell (as the read model's department_name does).
        if (tickets > 0 && cell.departmentName() != null) {
            liveNames.put(key, cell.departmentName());
        }
    }

    public Collection<ReportedTicket> tickets() {
        return tickets.values();
    }

    public List<Message> messages() {
        return messages;
    }

    public List<Response> responses() {
        return responses;
    }

    public List<Resolved> resolutions() {
        return resolutions;
    }

    /** Non-zero created counts per cell. */
    public List<Map.Entry<CreatedKey, Integer>> createdDeltas() {
        return created.entrySet().stream().filter(entry -> entry.getValue() != 0).toList();
    }

    /** Non-zero live counts per cell, with the department name the ticket entering it carried. */
    public List<LiveDelta> liveDeltas() {
        return live.entrySet().stream().filter(entry -> entry.getValue() != 0)
                .map(entry -> new LiveDelta(entry.getKey(), liveNames.get(entry.getKey()), entry.getValue()))
                .toList();
    }
}
