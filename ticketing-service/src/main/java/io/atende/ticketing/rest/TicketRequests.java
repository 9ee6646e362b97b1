package io.atende.ticketing.rest;

import java.util.UUID;

import io.atende.contracts.Priority;

/** Request bodies of the agent API. */
public final class TicketRequests {

    private TicketRequests() {
    }

    public record Reply(String text) {
    }

    /** To another department and/or user; {@code reason} is kept in the audit trail. */
    public record Transfer(UUID departmentId, UUID userId, String reason) {
    }

    public record SetPriority(Priority priority) {
    }

    public record WithReason(String reason) {
    }
}
