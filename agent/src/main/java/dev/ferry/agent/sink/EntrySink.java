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

    /** Shutdown: a push that would wait for room fails its entry at once instead (see LokiClient#stopWaiting). */
    default void stopWaiting() {}

    /** True when {@link #push} would not have to wait (advisory). */
    default boolean hasRoom() {
        return true;
    }

    @Override
    void close();
}
