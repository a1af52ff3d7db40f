package dev.ferry.pipeline.stage;

import dev.ferry.pipeline.TimeSource;

/**
 * A token bucket as Go's {@code rate.Limiter}: {@code rate} tokens a second, at most {@code burst}
 * saved, starting full. Thread-safe (shared by the pipelines of one config).
 */
final class TokenBucket {
    private final double ratePerNano;
    private final double burst;
    private final TimeSource time;
    private double tokens;
    private long last;

    TokenBucket(double ratePerSecond, int burst, TimeSource time) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.time = time;
        this.tokens = burst;
        this.last = time.nanoTime();
    }

    private void refill(long now) {
        if (now > last) {
            tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
            last = now;
        }
    }

    /** Takes a token if one is there. */
    synchronized boolean tryTake() {
        refill(time.nanoTime());
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /**
     * Takes a token, going into debt if none is there, and returns how long the caller must wait
     * before using it (0 when it was there): Go's {@code Reserve}, after which {@code Wait} sleeps.
     */
    synchronized long reserve() {
        refill(time.nanoTime());
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / ratePerNano);
    }
}
