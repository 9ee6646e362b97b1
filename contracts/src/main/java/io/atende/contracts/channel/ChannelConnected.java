package io.atende.contracts.channel;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.ChannelRef;

/** A connection epoch began: the channel is up from {@code occurredAt}. */
public record ChannelConnected(UUID eventId, Instant occurredAt, ChannelRef channel, long epoch)
        implements ChannelStatusEvent {
}
