package dev.ferry.pipeline;

import dev.ferry.loki.AckListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Makes pipeline instances of one {@link PipelineSpec}: one per source (container stream or file),
 * each with its own stage state. Thread-safe; the instances it makes are not.
 */
public final class PipelineFactory {
    private final PipelineSpec spec;
    private final MeterRegistry meters;
    private final TimeSource time;
    private final MaxLineSize maxLineSize;
    private final ConcurrentMap<Object, Object> shared = new ConcurrentHashMap<>();

    public PipelineFactory(PipelineSpec spec, MeterRegistry meters, TimeSource time, MaxLineSize maxLineSize) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.time = Objects.requireNonNull(time, "time");
        this.maxLineSize = Objects.requireNonNull(maxLineSize, "maxLineSize");
    }

    public PipelineSpec spec() {
        return spec;
    }

    /**
     * A new pipeline instance.
     *
     * @param acks told of every entry a stage drops ({@link dev.ferry.loki.PushOutcome#DROPPED});
     *     joined tokens are split into their parts before it sees them
     * @param output receives every entry that leaves the pipeline, on the caller's thread
     */
    public Pipeline newPipeline(AckListener acks, Emitter output) {
        return newPipeline(acks, output, null);
    }

    /** A new pipeline instance whose entries {@code observer} watches stage by stage (may be null). */
    public Pipeline newPipeline(AckListener acks, Emitter output, PipelineObserver observer) {
        StageContext root = new StageContext(
                spec.name(), "", "pipeline", meters, time, JoinedToken.settling(acks), observer, shared);
        return new Pipeline(spec.name(), root, spec.stages(), output, observer, maxLineSize);
    }
}
