package io.atende.contracts.channel;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.ChannelRef;

/** Credentials were wiped (logout from the API or from the phone, or a replaced session); a new QR is needed. */
public record ChannelLoggedOut(UUID eventId, Instant occurredAt, ChannelRef channel, String reason)
        implements ChannelStatusEvent {
}
