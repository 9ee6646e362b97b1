package io.atende.gateway.rest;

import java.time.Instant;

/** {@code POST /channels/{id}/link-token}: the token, until when it works, and the link page that uses it. */
public record LinkTokenView(String channelId, String token, Instant expiresAt, String linkUrl) {
}
