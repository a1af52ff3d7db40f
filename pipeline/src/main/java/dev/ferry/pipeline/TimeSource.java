package dev.ferry.pipeline;

import java.util.concurrent.locks.LockSupport;

/** The clocks stages read, injected so tests advance time instead of sleeping. */
public interface TimeSource {
    /** Monotonic nanoseconds, for waits and rates. */
    long nanoTime();

    /** Wall-clock epoch nanoseconds, for comparing with entry timestamps. */
    long epochNanos();

    /** Blocks the calling thread for {@code nanos} (a rate limit that waits instead of dropping). */
    void sleepNanos(long nanos);

    /** The system clocks. */
    TimeSource SYSTEM = new TimeSource() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long epochNanos() {
            java.time.Instant now = java.time.Instant.now();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public void sleepNanos(long nanos) {
            long deadline = System.nanoTime() + nanos;
            for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
        }
    };
}
