package dev.ferry.pipeline;

/**
 * A stage's validated configuration, compiled once when the config loads (regular expressions and
 * templates compiled here), and shared read-only by every pipeline instance built from it.
 */
public interface StageConfig {
    /** The stage's name as written in YAML, e.g. {@code multiline}. */
    String stageName();

    /** A fresh stage instance for one pipeline instance. */
    Stage newStage(StageContext context);
}
