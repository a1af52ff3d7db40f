package dev.ferry.loki;

/**
 * What the sender knows of whether its Loki answers: since when pushes have failed (no answer,
 * 5xx, an auth or routing error), whether a {@code /ready} probe has seen it not ready since, and
 * until when Loki asked to be left alone (Retry-After, kept across batches). Sender thread only.
 */
final class LokiAvailability {
    private static final long NONE = Long.MIN_VALUE;

    private long failingSince = NONE;
    private int failedAttempts;
    private boolean sawNotReady;
    private boolean sawUnreachable;
    private long notBefore = NONE;

    /** True when {@code answer} (null: none came) means Loki, or the way to it, is failing. */
    static boolean isFailure(HttpAnswer answer) {
        if (answer == null) {
            return true;
        }
        int s = answer.status();
        return s >= 500 || s < 200 || s == 401 || s == 403 || s == 404 || s == 408;
    }

    /** True when a wait after {@code answer} is worth shortening once {@code /ready} says Loki is back. */
    static boolean isOutage(HttpAnswer answer) {
        return answer == null || answer.status() == 502 || answer.status() == 503 || answer.status() == 504;
    }

    void failed(long nowNanos) {
        if (failingSince == NONE) {
            failingSince = nowNanos;
        }
        failedAttempts++;
    }

    /**
     * Loki answered after failing: returns how long it had failed, in nanos, or -1 when it had not.
     * Ends the failure streak; read {@link #failedAttempts()} before.
     */
    long answered(long nowNanos) {
        if (failingSince == NONE) {
            return -1;
        }
        long down = nowNanos - failingSince;
        failingSince = NONE;
        failedAttempts = 0;
        sawNotReady = false;
        sawUnreachable = false;
        return down;
    }

    /** Attempts failed in the current streak. */
    int failedAttempts() {
        return failedAttempts;
    }

    /** A probe found Loki not ready (or not there). */
    void notReady() {
        sawNotReady = true;
    }

    /** A probe got no answer at all: nothing listens, or the way to Loki is cut. */
    void unreachable() {
        sawNotReady = true;
        sawUnreachable = true;
    }

    /**
     * A probe got an answer, not yet "ready": true once after probes got none, because a starting
     * Loki takes pushes seconds before its /ready says so; a push is the probe that counts then.
     */
    boolean answersAgain() {
        boolean again = sawUnreachable;
        sawUnreachable = false;
        sawNotReady = true;
        return again;
    }

    /**
     * True when a probe that finds Loki ready means it is back: only after a probe found it not
     * ready, so a Loki that is up but overloaded (ready, answering 503) keeps its full backoff.
     */
    boolean readyMeansBack() {
        return sawNotReady;
    }

    /** Loki asked (Retry-After) that nothing be sent before {@code nanos}. */
    void waitUntil(long nanos) {
        notBefore = notBefore == NONE ? nanos : Math.max(notBefore, nanos);
    }

    /** How long the next request must still wait, in nanos (0 when it may go now). */
    long waitLeft(long nowNanos) {
        if (notBefore == NONE) {
            return 0;
        }
        long left = notBefore - nowNanos;
        if (left <= 0) {
            notBefore = NONE;
            return 0;
        }
        return left;
    }
}
