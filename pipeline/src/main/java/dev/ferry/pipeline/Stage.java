package dev.ferry.pipeline;

/**
 * One stage instance of one pipeline instance. Calls come from one thread at a time (the pipeline's
 * caller serializes them), so a stage keeps its state in plain fields.
 *
 * <p>A stage changes the entry in place and emits it, emits nothing (it dropped the entry through a
 * {@link Dropper}, or holds it), or emits several. An entry it neither emits nor drops must be
 * emitted later (by {@link #tick}, {@link #endStream} or {@link #flush}), or folded into an entry
 * whose token carries its token ({@link JoinedToken}), so every entry is acknowledged exactly once.
 */
public interface Stage {
    /** Processes one entry, emitting 0..n entries to {@code out}. */
    void process(Entry entry, Emitter out);

    /** Time passes: release whatever waited long enough. {@code nowNanos} is {@link TimeSource#nanoTime()}. */
    default void tick(long nowNanos, Emitter out) {}

    /**
     * True while the stage holds an entry that only a later {@link #tick} can release: the caller
     * ticks often while any stage holds something and may rest otherwise.
     */
    default boolean holds() {
        return false;
    }

    /** The stream {@code streamKey} has ended: emit what is held for it and forget its state. */
    default void endStream(Object streamKey, Emitter out) {}

    /** Input ends (shutdown, end of standard input): emit everything held. */
    default void flush(Emitter out) {}
}
