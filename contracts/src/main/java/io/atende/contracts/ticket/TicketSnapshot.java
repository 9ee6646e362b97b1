package io.atende.contracts.ticket;

import static io.atende.contracts.Require.present;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.ChannelRef;
import io.atende.contracts.ContactRef;
import io.atende.contracts.Priority;

/**
 * The ticket as it stands after the event, denormalised so that SLA and reporting never ask ticketing.
 *
 * @param number   unique, increasing, what a person quotes ("#1042")
 * @param openedAt when Atende received the message that opened it: the SLA start
 */
public record TicketSnapshot(
        UUID id,
        long number,
        ChannelRef channel,
        ContactRef contact,
        UUID departmentId,
        String departmentName,
        UUID assigneeId,
        String assigneeName,
        Priority priority,
        TicketStatus status,
        Instant openedAt) {

    public TicketSnapshot {
        present(id, "ticket.id");
        present(channel, "ticket.channel");
        present(priority, "ticket.priority");
        present(status, "ticket.status");
        present(openedAt, "ticket.openedAt");
    }
}
