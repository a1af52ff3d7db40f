package dev.ferry.pipeline;

/** Where a stage puts the entries it lets through: the next stage, or the pipeline's output. */
@FunctionalInterface
public interface Emitter {
    void emit(Entry entry);
}
