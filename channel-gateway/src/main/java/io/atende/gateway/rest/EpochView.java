package io.atende.gateway.rest;

import java.time.Instant;

/**
 * One connected interval of a channel ({@code GET /channels/{id}/epochs}): {@code disconnectedAt} null while it is
 * still up; {@code disconnectCode} / {@code disconnectReason} say how it ended.
 */
public record EpochView(long epoch, Instant connectedAt, Instant disconnectedAt, Integer disconnectCode,
        String disconnectReason) {
}
