package io.atende.ticketing.rest;

import java.time.Instant;
import java.util.UUID;

/** One entry of a ticket's transfer audit trail. */
public record TransferView(UUID id, UUID fromDepartmentId, UUID toDepartmentId, UUID fromAssigneeId,
        UUID toAssigneeId, UUID byUserId, String byUsername, String reason, Instant transferredAt) {
}
