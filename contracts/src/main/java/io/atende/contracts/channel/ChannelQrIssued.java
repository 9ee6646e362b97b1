package io.atende.contracts.channel;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.ChannelRef;

/** A QR code to scan was issued; it expires at {@code expiresAt}, and {@code attempt} counts the refreshes. */
public record ChannelQrIssued(UUID eventId, Instant occurredAt, ChannelRef channel, String qr, Instant expiresAt,
        int attempt) implements ChannelStatusEvent {
}
