package dev.ferry.pipeline;

/**
 * Names of the pipeline's Micrometer meters, so the agent, tests and dashboards agree. Tags come
 * from fixed sets: {@code pipeline} and {@code stage} (from the config), {@code reason} (from the
 * config's {@code drop_counter_reason} or a fixed list in each stage).
 */
public final class PipelineMetrics {
    /** Entries dropped on purpose; tags pipeline, stage, reason. */
    public static final String DROPPED = "ferry.pipeline.dropped";
    /** Per-line problems that did not stop the entry (malformed JSON, unparsable timestamp); tags pipeline, stage, reason. */
    public static final String PROBLEMS = "ferry.pipeline.problems";
    /** Lines truncated to the maximum line size; tag pipeline. */
    public static final String TRUNCATED = "ferry.pipeline.truncated";
    /** Entries that left the pipeline; tag pipeline. */
    public static final String OUTPUT = "ferry.pipeline.output";
    /**
     * Lines whose bytes were not valid UTF-8 and were decoded with U+FFFD in place of the bad
     * sequences; counted by the source that decodes them (see {@link LineDecoder}); tag source.
     */
    public static final String INVALID_UTF8 = "ferry.source.invalid.utf8";

    /** The drop reason of lines longer than the maximum line size when the action is drop. */
    public static final String REASON_LINE_TOO_LONG = "line_too_long";

    private PipelineMetrics() {}
}
