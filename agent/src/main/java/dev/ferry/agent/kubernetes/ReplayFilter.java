package dev.ferry.agent.kubernetes;

/**
 * Skips the lines a resumed stream repeats: {@code sinceTime} has whole-second precision, so the
 * API sends again everything from the start of that second. A line older than the position, or at
 * the position's timestamp with the hash of a line already handed on, is skipped; the first line
 * past the position ends the filtering. Used by one reader thread.
 */
final class ReplayFilter {
    private final long epochNanos;
    private final long[] hashes;
    private int remaining;
    private boolean done;

    /** A filter for nothing: a stream read from its start. */
    static ReplayFilter none() {
        return new ReplayFilter(Long.MIN_VALUE, new long[0]);
    }

    static ReplayFilter from(ContainerLogPosition p) {
        return p == null ? none() : new ReplayFilter(p.epochNanos(), p.lineHashes());
    }

    ReplayFilter(long epochNanos, long[] hashes) {
        this.epochNanos = epochNanos;
        this.hashes = hashes.clone();
        this.remaining = hashes.length;
        this.done = epochNanos == Long.MIN_VALUE;
    }

    boolean skip(long ts, long hash) {
        if (done || ts == KubeletTimestamp.INVALID) {
            return false;
        }
        if (ts < epochNanos) {
            return true;
        }
        if (ts > epochNanos) {
            done = true;
            return false;
        }
        for (int i = 0; i < remaining; i++) {
            if (hashes[i] == hash) {
                // each saved hash stands for one line: two identical lines at one instant are two lines
                hashes[i] = hashes[--remaining];
                return true;
            }
        }
        return false;
    }

    /** The position's timestamp, or {@link Long#MIN_VALUE} for a stream read from its start. */
    long sinceNanos() {
        return epochNanos;
    }
}
