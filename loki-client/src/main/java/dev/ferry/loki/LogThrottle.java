package dev.ferry.loki;

import java.util.concurrent.TimeUnit;

/**
 * Lets one log line through per interval and counts the ones it held back, so a problem that
 * repeats for every batch or entry is visible without flooding the log. Thread-safe.
 */
final class LogThrottle {
    static final long DEFAULT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final long intervalNanos;
    private long last;
    private boolean logged;
    private long suppressed;

    LogThrottle(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /**
     * Whether a line may be logged at {@code nowNanos}: -1 when not (it is counted as held back),
     * else how many lines were held back since the last one that was logged.
     */
    synchronized long tryAcquire(long nowNanos) {
        if (logged && nowNanos - last < intervalNanos) {
            suppressed++;
            return -1;
        }
        logged = true;
        last = nowNanos;
        long held = suppressed;
        suppressed = 0;
        return held;
    }
}
