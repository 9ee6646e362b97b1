package io.atende.gateway.rest;

import java.time.Instant;

import io.atende.gateway.ChannelState;

/**
 * A channel as the admin API shows it. {@code qr} is the QR code's text (render it as a QR image to scan);
 * {@code groupsEnabled}: group chats are ingested; {@code historyDiscarded} counts the messages not imported by design (history sync and messages from before
 * {@code linkedAt}).
 */
public record ChannelView(String id, String name, boolean groupsEnabled, ChannelState state, String phoneNumber, Instant linkedAt,
        String qr, Instant qrExpiresAt, Integer qrAttempt, long connectionEpoch, Instant connectedAt,
        Instant disconnectedAt, Integer lastDisconnectCode, String lastDisconnectReason, long historyDiscarded,
        String lastError, String engine, Instant createdAt, Instant updatedAt) {
}
