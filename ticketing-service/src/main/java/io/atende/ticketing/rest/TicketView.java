package io.atende.ticketing.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.atende.contracts.ChannelRef;
import io.atende.contracts.ContactRef;
import io.atende.contracts.Priority;
import io.atende.contracts.ticket.TicketStatus;

/** A ticket as the agent API shows it, with the first page of its conversation. */
public record TicketView(UUID id, long number, ChannelRef channel, ContactRef contact, DepartmentRef department,
        UUID assigneeId, Priority priority, TicketStatus status, Instant openedAt, Instant resolvedAt,
        List<MessageView> messages) {

    public record DepartmentRef(UUID id, String name) {
    }
}
