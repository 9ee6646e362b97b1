package io.atende.contracts.ticket;

/**
 * IN_MENU: the bot is asking the customer for a department. QUEUED: in a department queue, no owner. OPEN: owned by
 * a user. WAITING_ON_CUSTOMER: the team's SLA clocks pause. RESOLVED: the team is done. CLOSED: final.
 */
public enum TicketStatus {
    IN_MENU, QUEUED, OPEN, WAITING_ON_CUSTOMER, RESOLVED, CLOSED;

    public boolean isActive() {
        return this != RESOLVED && this != CLOSED;
    }
}
