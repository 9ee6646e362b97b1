package io.atende.gateway.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Short-lived link tokens: an admin hands one to the person holding the phone, and it opens that one channel's link
 * page (view, QR, events, pairing code, start) and nothing else. {@code lt1.<channel>.<expiry epoch s>.<HMAC-SHA256>},
 * signed with {@code atende.link-token.secret}; without one, a random per-process key (tokens then die with the
 * process and work on this instance only).
 */
@ApplicationScoped
public class LinkTokens {

    public static final String PREFIX = "lt1.";
    private static final Logger LOG = Logger.getLogger(LinkTokens.class);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    /** A minted token and until when it opens the link page. */
    public record LinkToken(String channelId, String token, Instant expiresAt) {
    }

    private final byte[] key;
    private final Duration ttl;

    public LinkTokens(@ConfigProperty(name = "atende.link-token.secret") Optional<String> secret,
            @ConfigProperty(name = "atende.link-token.ttl") Duration ttl) {
        this.ttl = ttl;
        if (secret.filter(s -> !s.isBlank()).isPresent()) {
            this.key = secret.get().getBytes(StandardCharsets.UTF_8);
        } else {
            this.key = new byte[32];
            new SecureRandom().nextBytes(key);
            LOG.info("atende.link-token.secret is not set: link tokens are signed with a per-process key (they work"
                    + " on this instance only, until it stops)");
        }
    }

    /** What a valid token opens, and until when. */
    public record Opened(String channelId, Instant expiresAt) {
    }

    public LinkToken mint(String channelId) {
        return mint(channelId, ttl);
    }

    /** A token that opens the channel's link page for {@code lifetime} (whole seconds). */
    public LinkToken mint(String channelId, Duration lifetime) {
        Instant expiresAt = Instant.now().plus(lifetime).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String payload = PREFIX + channelId + "." + expiresAt.getEpochSecond();
        return new LinkToken(channelId, payload + "." + sign(payload), expiresAt);
    }

    /** The channel a valid, unexpired token opens, and its expiry; empty for anything else. */
    public Optional<Opened> verify(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int signatureAt = token.lastIndexOf('.');
        int expiryAt = token.lastIndexOf('.', signatureAt - 1);
        if (expiryAt <= PREFIX.length()) {
            return Optional.empty();
        }
        String payload = token.substring(0, signatureAt);
        byte[] expected = sign(payload).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, token.substring(signatureAt + 1).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        long expiry;
        try {
            expiry = Long.parseLong(token.substring(expiryAt + 1, signatureAt));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (Instant.now().getEpochSecond() >= expiry) {
            return Optional.empty();
        }
        return Optional.of(new Opened(token.substring(PREFIX.length(), expiryAt), Instant.ofEpochSecond(expiry)));
    }

    private String sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return ENCODER.encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
