package io.atende.contracts.channel;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.ChannelRef;

/**
 * A device was linked for the first time. {@code linkedAt} is the line before which nothing is imported; a
 * reconnect is not a new link.
 */
public record ChannelLinked(UUID eventId, Instant occurredAt, ChannelRef channel, Instant linkedAt,
        String phoneNumber) implements ChannelStatusEvent {
}
