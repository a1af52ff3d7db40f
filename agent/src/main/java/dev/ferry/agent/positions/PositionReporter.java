package dev.ferry.agent.positions;

import java.util.Map;

/**
 * A source's view of its live targets, asked by the {@link PositionStore} at every sync (from the
 * store's thread): the source reports each target it still follows with its committed position.
 */
@FunctionalInterface
public interface PositionReporter {
    void report(Collector out);

    /** Receives one live target per call. */
    @FunctionalInterface
    interface Collector {
        void position(String key, long position, long aux, Map<String, String> attributes);
    }
}
