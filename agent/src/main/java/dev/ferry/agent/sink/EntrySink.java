package dev.ferry.agent.sink;

import dev.ferry.loki.Labels;
import dev.ferry.loki.LogEntry;

/** Where entries leaving a pipeline go: Loki endpoints, the echo printer, or several of them. */
public interface EntrySink extends AutoCloseable {
    /**
     * Takes an entry and its token, waiting while the sink is full (that is the backpressure that
     * stops sources reading). The sink acknowledges the token exactly once.
     */
    void push(String tenant, Labels labels, LogEntry entry, Object token) throws InterruptedException;

    /**
     * Like {@link #push} but never waits: false, keeping the token with the caller, when the sink is
     * full. The default pushes (for sinks that never wait).
     */
    default boolean offer(String tenant, Labels labels, LogEntry entry, Object token) {
        try {
            push(tenant, labels, entry, token);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("a sink without its own offer must never wait", e);
        }
    }

    /** The sink's name in logs and metrics (the Loki endpoint's name). */
    String name();

    /** Shutdown: a push that would wait for room fails its entry at once instead (see LokiClient#stopWaiting). */
    default void stopWaiting() {}

    /** True when {@link #push} would not have to wait (advisory). */
    default boolean hasRoom() {
        return true;
    }

    @Override
    void close();
}
