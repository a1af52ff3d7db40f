package dev.ferry.pipeline;

import dev.ferry.loki.Labels;
import dev.ferry.loki.LineTruncation;
import io.micrometer.core.instrument.Counter;
import java.util.List;

/**
 * One pipeline instance: the stages of a {@link PipelineSpec} with their state, fed by one source.
 * Not thread-safe: the caller serializes {@link #process}, {@link #tick}, {@link #endStream} and
 * {@link #flush} (e.g. one lock per source, or one thread). Entries leave through the output
 * emitter given to {@link PipelineFactory#newPipeline}, on the calling thread.
 */
public final class Pipeline {
    private final String name;
    private final StageChain chain;
    private final Emitter output;
    private final TimeSource time;
    private final LabelsCache labelsCache = new LabelsCache();

    Pipeline(
            String name,
            StageContext root,
            List<StageConfig> stages,
            Emitter userOutput,
            PipelineObserver observer,
            MaxLineSize maxLineSize) {
        this.name = name;
        this.time = root.time();
        this.chain = new StageChain(stages, root, "", observer);
        Counter out = Counter.builder(PipelineMetrics.OUTPUT)
                .description("Entries that left a pipeline")
                .tag("pipeline", name)
                .register(root.meters());
        Counter truncated = Counter.builder(PipelineMetrics.TRUNCATED)
                .description("Output lines cut to the maximum line size")
                .tag("pipeline", name)
                .register(root.meters());
        Dropper tooLong = root.child("output", "output").dropper(PipelineMetrics.REASON_LINE_TOO_LONG);
        this.output = new Output(userOutput, observer, out, truncated, tooLong, maxLineSize);
    }

    public String name() {
        return name;
    }

    /** Runs one entry through the stages. */
    public void process(Entry entry) {
        chain.process(entry, output);
    }

    /** Lets time-based stages release what waited long enough, at the time source's current time. */
    public void tick() {
        tick(time.nanoTime());
    }

    /** As {@link #tick()}, at {@code nowNanos} ({@link TimeSource#nanoTime()} scale). */
    public void tick(long nowNanos) {
        chain.tick(nowNanos, output);
    }

    /** True while a stage holds an entry that {@link #tick} will release later (multiline). */
    public boolean holds() {
        return chain.holds();
    }

    /** The stream ended (container gone, file deleted): emits what is held for it and forgets its state. */
    public void endStream(Object streamKey) {
        chain.endStream(streamKey, output);
    }

    /** Emits everything held (at shutdown or end of input). */
    public void flush() {
        chain.flush(output);
    }

    /** The entry's labels as the Loki client takes them (cached; labels with empty values left out). */
    public Labels labelsOf(Entry entry) {
        return labelsCache.labelsOf(entry.labels());
    }

    /**
     * The pipeline's end: enforces the maximum line size (cut with {@link LineTruncation}'s marker, or
     * dropped), counts, and hands entries to the caller.
     */
    private static final class Output implements Emitter {
        private final Emitter target;
        private final PipelineObserver observer;
        private final Counter out;
        private final Counter truncated;
        private final Dropper tooLong;
        private final int maxBytes;
        private final boolean drop;

        Output(
                Emitter target,
                PipelineObserver observer,
                Counter out,
                Counter truncated,
                Dropper tooLong,
                MaxLineSize maxLineSize) {
            this.target = target;
            this.observer = observer;
            this.out = out;
            this.truncated = truncated;
            this.tooLong = tooLong;
            this.maxBytes = maxLineSize.maxBytes();
            this.drop = maxLineSize.action() == MaxLineSize.Action.DROP;
        }

        @Override
        public void emit(Entry entry) {
            if (maxBytes > 0) {
                String line = entry.line();
                // a char is at most 3 UTF-8 bytes (a surrogate pair is 4 for 2 chars): skip the scan when it cannot be
                // too long
                if ((long) line.length() * 3 > maxBytes && Utf8Size.lengthUpTo(line, maxBytes) > maxBytes) {
                    if (drop) {
                        tooLong.drop(entry);
                        return;
                    }
                    entry.setLine(LineTruncation.truncate(line, maxBytes));
                    truncated.increment();
                }
            }
            out.increment();
            if (observer != null) {
                observer.output(entry);
            }
            target.emit(entry);
        }
    }
}
