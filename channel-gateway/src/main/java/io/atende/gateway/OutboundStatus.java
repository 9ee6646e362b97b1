package io.atende.gateway;

/**
 * Where a send command is. QUEUED: claimed (committed), waiting for the instance that runs the engine. SENDING: handed
 * to the engine, its outcome not recorded yet. The others match {@code DeliveryStatus} and only move forward (SENT,
 * DELIVERED, READ), or end in FAILED.
 */
public enum OutboundStatus {
    QUEUED, SENDING, SENT, DELIVERED, READ, FAILED;

    /** How far a message got, for "never move a receipt backwards". FAILED is not on this scale. */
    public int rank() {
        return switch (this) {
            case QUEUED, SENDING -> 0;
            case SENT -> 1;
            case DELIVERED -> 2;
            case READ -> 3;
            case FAILED -> -1;
        };
    }
}
