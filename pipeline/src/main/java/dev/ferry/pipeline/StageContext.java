package dev.ferry.pipeline;

import dev.ferry.loki.AckListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * What a stage instance gets from its pipeline: where it sits (for messages and metric tags), the
 * clocks, the meter registry, droppers and problem counters, state shared with the same stage in
 * other pipeline instances, and (for {@code match}) a way to build a nested chain of stages.
 */
public final class StageContext {
    private final String pipelineName;
    private final String path;
    private final String stageName;
    private final MeterRegistry meters;
    private final TimeSource time;
    private final AckListener acks;
    private final PipelineObserver observer;
    private final ConcurrentMap<Object, Object> shared;

    StageContext(
            String pipelineName,
            String path,
            String stageName,
            MeterRegistry meters,
            TimeSource time,
            AckListener acks,
            PipelineObserver observer,
            ConcurrentMap<Object, Object> shared) {
        this.pipelineName = pipelineName;
        this.path = path;
        this.stageName = stageName;
        this.meters = meters;
        this.time = time;
        this.acks = acks;
        this.observer = observer;
        this.shared = shared;
    }

    StageContext child(String childPath, String childStageName) {
        return new StageContext(pipelineName, childPath, childStageName, meters, time, acks, observer, shared);
    }

    public String pipelineName() {
        return pipelineName;
    }

    /** The stage's position: "3" for the third stage, "3.1" for the first inside a match at 3. */
    public String path() {
        return path;
    }

    public String stageName() {
        return stageName;
    }

    /** "pipeline 'default', stage 3 (json)", for log messages. */
    public String where() {
        return "pipeline '" + pipelineName + "', stage " + path + " (" + stageName + ")";
    }

    public MeterRegistry meters() {
        return meters;
    }

    public TimeSource time() {
        return time;
    }

    /** A dropper for {@code reason}; call once when the stage is made, not per line. */
    public Dropper dropper(String reason) {
        Counter c = Counter.builder(PipelineMetrics.DROPPED)
                .description("Entries dropped on purpose by a pipeline stage")
                .tags("pipeline", pipelineName, "stage", stageName, "reason", reason)
                .register(meters);
        return new Dropper(c, acks, observer, path, stageName, reason);
    }

    /** A counter for per-line problems of kind {@code reason}; call once when the stage is made. */
    public ProblemCounter problems(String reason) {
        Counter c = Counter.builder(PipelineMetrics.PROBLEMS)
                .description("Per-line problems a stage passed over")
                .tags("pipeline", pipelineName, "stage", stageName, "reason", reason)
                .register(meters);
        return new ProblemCounter(c, time, where(), reason, true);
    }

    /**
     * A counter for per-line events of kind {@code reason} that are expected and not worth a log
     * line (e.g. a plain-text line reaching a {@code json} stage in a mixed stream).
     */
    public ProblemCounter quietProblems(String reason) {
        Counter c = Counter.builder(PipelineMetrics.PROBLEMS)
                .description("Per-line problems a stage passed over")
                .tags("pipeline", pipelineName, "stage", stageName, "reason", reason)
                .register(meters);
        return new ProblemCounter(c, time, where(), reason, false);
    }

    /**
     * State shared by every pipeline instance built from the same config (e.g. {@code limit}'s
     * buckets, which in Alloy are one per {@code loki.process} component). {@code key} is usually the
     * stage's config record; the state must be thread-safe, as pipelines run on many threads.
     */
    @SuppressWarnings("unchecked")
    public <T> T shared(Object key, Supplier<T> create) {
        return (T) shared.computeIfAbsent(key, k -> create.get());
    }

    /** A chain of nested stages (for {@code match}), numbered below this stage's path. */
    public StageChain nestedChain(List<StageConfig> stages) {
        return new StageChain(stages, this, path + ".", observer);
    }
}
