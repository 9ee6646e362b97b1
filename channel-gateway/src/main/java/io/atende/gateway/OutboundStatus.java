package io.atende.gateway;

/**
 * Where a send command is. SENDING: claimed (committed) and handed to the engine, its outcome not recorded yet. The
 * others match {@code DeliveryStatus} and only move forward (SENT, DELIVERED, READ), or end in FAILED.
 */
public enum OutboundStatus {
    SENDING, SENT, DELIVERED, READ, FAILED;

    /** How far a message got, for "never move a receipt backwards". FAILED is not on this scale. */
    public int rank() {
        return switch (this) {
            case SENDING -> 0;
            case SENT -> 1;
            case DELIVERED -> 2;
            case READ -> 3;
            case FAILED -> -1;
        };
    }
}
