package dev.ferry.pipeline;

import java.time.Duration;

/** A {@link TimeSource} tests move by hand; sleeping advances it instead of waiting. */
public final class FakeTime implements TimeSource {
    private long nanos = 1_000_000_000L;
    private long epochNanos;
    private long slept;

    public FakeTime(long epochNanos) {
        this.epochNanos = epochNanos;
    }

    public FakeTime() {
        this(1_769_517_588_421_000_000L); // 2026-01-27T12:39:48.421Z
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public long epochNanos() {
        return epochNanos;
    }

    @Override
    public void sleepNanos(long n) {
        slept += n;
        advance(Duration.ofNanos(n));
    }

    public void advance(Duration d) {
        nanos += d.toNanos();
        epochNanos += d.toNanos();
    }

    /** Total time "slept" through {@link #sleepNanos}. */
    public Duration slept() {
        return Duration.ofNanos(slept);
    }
}
