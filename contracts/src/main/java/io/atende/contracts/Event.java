package io.atende.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * What every event of the contract carries. The event type (CloudEvents {@code ce_type} and the JSON {@code type}
 * property) is the record's simple name, e.g. {@code TicketOpened}.
 */
public interface Event {

    /** Unique per event; consumers de-duplicate on it. */
    UUID eventId();

    /** When the fact happened (not when it was relayed). */
    Instant occurredAt();

    /** The Kafka key: the aggregate the event belongs to, so one aggregate's events stay in order. */
    String partitionKey();

    /**
     * Throws {@link MalformedEventException} when a field every consumer relies on is missing. {@link JsonCodec#read}
     * calls it, so an incomplete record is rejected when it is parsed (and dead-lettered at once) instead of failing,
     * and being retried, in the middle of its handling.
     */
    default void requireComplete() {
        Require.present(eventId(), "eventId");
        Require.present(occurredAt(), "occurredAt");
    }

    static String typeOf(Event event) {
        return event.getClass().getSimpleName();
    }
}
