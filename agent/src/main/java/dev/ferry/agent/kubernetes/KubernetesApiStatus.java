package dev.ferry.agent.kubernetes;

import java.time.Clock;
import java.time.Instant;

/** Whether the Kubernetes API answers, for {@code /status}, {@code /ready} and a metric; thread-safe. */
public final class KubernetesApiStatus {
    public enum State {
        /** Not yet listed pods successfully, no error yet. */
        CONNECTING,
        REACHABLE,
        UNREACHABLE
    }

    /**
     * @param since when the state began
     * @param lastError the most recent error in one line (kept after recovery), or null
     */
    public record Snapshot(State state, Instant since, String lastError, Instant lastErrorAt, long errors) {
        public boolean reachable() {
            return state == State.REACHABLE;
        }
    }

    private final Clock clock;
    private State state = State.CONNECTING;
    private Instant since;
    private String lastError;
    private Instant lastErrorAt;
    private long errors;

    public KubernetesApiStatus(Clock clock) {
        this.clock = clock;
        this.since = clock.instant();
    }

    /** Records success; true when this ends an unreachable period (log that once). */
    synchronized boolean markReachable() {
        if (state == State.REACHABLE) {
            return false;
        }
        boolean recovered = state == State.UNREACHABLE;
        state = State.REACHABLE;
        since = clock.instant();
        return recovered;
    }

    /** Records a failure; true when this starts an unreachable period (log that once). */
    synchronized boolean markUnreachable(String error) {
        lastError = error;
        lastErrorAt = clock.instant();
        errors++;
        if (state == State.UNREACHABLE) {
            return false;
        }
        state = State.UNREACHABLE;
        since = lastErrorAt;
        return true;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(state, since, lastError, lastErrorAt, errors);
    }
}
