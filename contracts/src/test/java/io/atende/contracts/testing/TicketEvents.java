package io.atende.contracts.testing;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.ChannelRef;
import io.atende.contracts.ContactRef;
import io.atende.contracts.Priority;
import io.atende.contracts.ticket.AgentReplied;
import io.atende.contracts.ticket.BotMessageSent;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.contracts.ticket.TicketSnapshot;
import io.atende.contracts.ticket.TicketStatus;

/** Object mother for ticket events, as ticketing-service publishes them. */
public final class TicketEvents {

    public static final UUID DEFAULT_DEPARTMENT = UUID.fromString("00000000-0000-4000-8000-00000000d001");
    private static long nextNumber = 900_000;

    private TicketEvents() {
    }

    /** A new queued ticket opened at {@code openedAt}. */
    public static TicketSnapshot newTicket(Instant openedAt) {
        return new TicketSnapshot(UUID.randomUUID(), number(), ChannelRef.whatsapp("whatsapp-test"),
                new ContactRef(InboundMessages.newContactAddress(), null, null, "Cliente Teste"), DEFAULT_DEPARTMENT,
                "Geral", null, null, Priority.NORMAL, TicketStatus.QUEUED, openedAt);
    }

    /** The same ticket in another status (as a later event's snapshot shows it). */
    public static TicketSnapshot withStatus(TicketSnapshot ticket, TicketStatus status) {
        return new TicketSnapshot(ticket.id(), ticket.number(), ticket.channel(), ticket.contact(),
                ticket.departmentId(), ticket.departmentName(), ticket.assigneeId(), ticket.assigneeName(),
                ticket.priority(), status, ticket.openedAt());
    }

    public static TicketOpened opened(TicketSnapshot ticket) {
        return new TicketOpened(UUID.randomUUID(), ticket.openedAt(), ticket);
    }

    public static AgentReplied agentReplied(TicketSnapshot ticket, Instant at) {
        return new AgentReplied(UUID.randomUUID(), at, ticket, UUID.randomUUID(), AgentReplied.AGENT, UUID.randomUUID());
    }

    public static BotMessageSent botMessage(TicketSnapshot ticket, Instant at) {
        return new BotMessageSent(UUID.randomUUID(), at, ticket, UUID.randomUUID());
    }

    private static synchronized long number() {
        return nextNumber++;
    }
}
