package io.atende.contracts.ticket;

import java.time.Instant;
import java.util.UUID;

/**
 * A human replied: an agent through Atende (AGENT, with {@code authorUserId}) or someone typing on the business
 * phone (BUSINESS_PHONE). Bot messages are {@link BotMessageSent} and never count as a response.
 */
public record AgentReplied(UUID eventId, Instant occurredAt, TicketSnapshot ticket, UUID messageId, String author,
        UUID authorUserId) implements TicketEvent {

    public static final String AGENT = "AGENT";
    public static final String BUSINESS_PHONE = "BUSINESS_PHONE";
}
