package io.atende.gateway.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A token bucket per channel, protecting the number from WhatsApp's anti-spam: {@code burst} sends at once, then
 * {@code per-minute} sends a minute. {@link #reserve} takes a token now or reserves the next one and says how long to
 * wait for it; the sender waits that long (holding back its partition) instead of dropping the send.
 * In memory, per gateway instance: only the instance that runs the engine sends, so that is per number.
 */
@ApplicationScoped
public class SendRateLimiter {

    private final double perNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }
    }

    @Inject
    public SendRateLimiter(@ConfigProperty(name = "atende.outbound.rate-limit.per-minute", defaultValue = "30") int perMinute,
            @ConfigProperty(name = "atende.outbound.rate-limit.burst", defaultValue = "5") int burst) {
        this(perMinute, burst, System::nanoTime);
    }

    public SendRateLimiter(int perMinute, int burst, LongSupplier nanoClock) {
        if (perMinute <= 0 || burst <= 0) {
            throw new IllegalArgumentException("atende.outbound.rate-limit per-minute and burst must be positive");
        }
        this.perNano = perMinute / (double) Duration.ofMinutes(1).toNanos();
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    /** Takes a token for one send on {@code channelId}: zero when one was free, else how long to wait for it. */
    public Duration reserve(String channelId) {
        long now = nanoClock.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(channelId, id -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.refilledAt) * perNano);
            bucket.refilledAt = now;
            bucket.tokens -= 1;
            if (bucket.tokens >= 0) {
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil(-bucket.tokens / perNano));
        }
    }
}
