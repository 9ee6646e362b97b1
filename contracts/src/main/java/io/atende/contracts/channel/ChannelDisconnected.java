package io.atende.contracts.channel;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.ChannelRef;

/** A connection epoch ended; the channel is down from {@code occurredAt} until the next {@link ChannelConnected}. */
public record ChannelDisconnected(UUID eventId, Instant occurredAt, ChannelRef channel, long epoch, String reason,
        Integer code, boolean reconnecting) implements ChannelStatusEvent {
}
