package dev.ferry.agent.run;

import dev.ferry.agent.sink.EntrySink;
import dev.ferry.loki.AckListener;
import dev.ferry.loki.PushOutcome;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.Pipeline;
import dev.ferry.pipeline.PipelineFactory;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One pipeline instance between a source and the sinks. Sources feed it from their own thread and
 * the agent's ticker releases held entries (multiline) from another, so every call takes the lock.
 * Entries leave on the calling thread into the sink, which blocks when full: that is how a slow
 * Loki stops a source from reading.
 */
final class PipelineInput {
    private final ReentrantLock lock = new ReentrantLock();
    private final Pipeline pipeline;
    private final EntrySink sink;
    private final AckListener acks;
    private final io.micrometer.core.instrument.Counter invalid;
    private final PipelineTicker ticker;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PipelineInput.class);

    PipelineInput(
            PipelineFactory factory,
            EntrySink sink,
            AckListener acks,
            io.micrometer.core.instrument.MeterRegistry meters,
            PipelineTicker ticker) {
        this.sink = sink;
        this.ticker = ticker;
        this.acks = acks;
        this.invalid = io.micrometer.core.instrument.Counter.builder("ferry.pipeline.entries.invalid")
                .description("Entries a pipeline produced that Loki could never take (rejected, not sent)")
                .tag("pipeline", factory.spec().name())
                .register(meters);
        this.pipeline = factory.newPipeline(acks, this::send);
    }

    boolean hasRoom() {
        return sink.hasRoom();
    }

    void process(Entry entry) {
        lock.lock();
        try {
            pipeline.process(entry);
            if (ticker.resting() && pipeline.holds()) {
                ticker.nudge(); // a held entry needs ticks to be released after its wait
            }
        } catch (RuntimeException e) {
            // a stage failed on this entry (a bug): reading it again would fail again, so it is rejected,
            // counted and logged, and the source goes on
            invalid.increment();
            log.error("pipeline failed on an entry, rejected: {}", e.toString());
            acks.acknowledged(entry.ackToken(), PushOutcome.REJECTED);
        } finally {
            lock.unlock();
        }
    }

    void tick() {
        if (lock.tryLock()) { // busy means the source is feeding it right now: the next tick will do
            try {
                pipeline.tick();
            } catch (RuntimeException e) {
                invalid.increment();
                log.error("pipeline failed releasing held entries: {}", e.toString());
            } finally {
                lock.unlock();
            }
        }
    }

    /** True while the pipeline holds an entry a tick will release, or is busy (so may soon hold one). */
    boolean holds() {
        if (!lock.tryLock()) {
            return true;
        }
        try {
            return pipeline.holds();
        } finally {
            lock.unlock();
        }
    }

    void endStream(Object streamKey) {
        lock.lock();
        try {
            pipeline.endStream(streamKey);
        } finally {
            lock.unlock();
        }
    }

    void flush() {
        lock.lock();
        try {
            pipeline.flush();
        } finally {
            lock.unlock();
        }
    }

    private void send(Entry entry) {
        dev.ferry.loki.Labels labels;
        dev.ferry.loki.LogEntry logEntry;
        try {
            labels = pipeline.labelsOf(entry);
            logEntry = entry.toLogEntry();
        } catch (RuntimeException e) {
            // an entry Loki can never take (e.g. a metadata name from the data that Loki refuses):
            // settle it as rejected, counted and logged, so the source moves on
            invalid.increment();
            log.warn("entry cannot be sent to Loki, rejected: {}", e.getMessage());
            acks.acknowledged(entry.ackToken(), PushOutcome.REJECTED);
            return;
        }
        try {
            sink.push(entry.tenant(), labels, logEntry, entry.ackToken());
        } catch (InterruptedException e) {
            // shutting down: the entry was not taken, so its lines must be read again
            acks.acknowledged(entry.ackToken(), PushOutcome.FAILED);
            Thread.currentThread().interrupt();
        }
    }
}
