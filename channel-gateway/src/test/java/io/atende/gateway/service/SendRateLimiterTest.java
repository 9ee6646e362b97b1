package io.atende.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SendRateLimiterTest {

    private final AtomicLong clock = new AtomicLong();
    private final SendRateLimiter limiter = new SendRateLimiter(60, 3, clock::get);

    @Test
    void aBurstGoesAtOnceThenSendsWaitForTheRefill() {
        assertThat(limiter.reserve("a")).isZero();
        assertThat(limiter.reserve("a")).isZero();
        assertThat(limiter.reserve("a")).isZero();

        assertThat(limiter.reserve("a")).isEqualTo(Duration.ofSeconds(1));
        assertThat(limiter.reserve("a")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void channelsHaveTheirOwnBuckets() {
        for (int i = 0; i < 3; i++) {
            limiter.reserve("a");
        }
        assertThat(limiter.reserve("a")).isPositive();
        assertThat(limiter.reserve("b")).isZero();
    }

    @Test
    void tokensRefillWithTimeUpToTheBurst() {
        for (int i = 0; i < 3; i++) {
            limiter.reserve("a");
        }
        clock.addAndGet(Duration.ofMinutes(10).toNanos());
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.reserve("a")).isZero();
        }
        assertThat(limiter.reserve("a")).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aLimitMustBePositive() {
        assertThatThrownBy(() -> new SendRateLimiter(0, 1, clock::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
