package dev.ferry.pipeline;

/**
 * Watches entries move through a pipeline, for {@code ferry process --inspect} and tests. The
 * difference between what stage n and stage n+1 receive is what stage n changed. Entries are live:
 * copy them ({@link Entry#copy()}) to keep a snapshot.
 */
public interface PipelineObserver {
    /** {@code entry} is about to enter the stage at {@code path} ("3", or "3.1" inside a match). */
    default void entering(String path, String stageName, Entry entry) {}

    /** The stage at {@code path} dropped {@code entry} on purpose. */
    default void dropped(String path, String stageName, Entry entry, String reason) {}

    /** {@code entry} left the pipeline. */
    default void output(Entry entry) {}
}
