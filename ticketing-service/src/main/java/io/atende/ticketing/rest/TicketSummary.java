package io.atende.ticketing.rest;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.ChannelRef;
import io.atende.contracts.ContactRef;
import io.atende.contracts.Priority;
import io.atende.contracts.ticket.TicketStatus;

/** A ticket in a list (queue, "my tickets") or as an action's result, without its conversation. */
public record TicketSummary(UUID id, long number, ChannelRef channel, ContactRef contact, UUID departmentId,
        String departmentName, UUID assigneeId, String assigneeName, Priority priority, TicketStatus status,
        Instant openedAt, Instant resolvedAt) {
}
