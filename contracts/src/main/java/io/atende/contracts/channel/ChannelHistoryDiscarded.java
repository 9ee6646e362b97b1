package io.atende.contracts.channel;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.ChannelRef;

/**
 * Messages from before the link were not imported, by design: {@code count} in this batch, {@code totalDiscarded}
 * since the channel was created.
 */
public record ChannelHistoryDiscarded(UUID eventId, Instant occurredAt, ChannelRef channel, long count,
        long totalDiscarded) implements ChannelStatusEvent {
}
