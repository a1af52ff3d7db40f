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

    PipelineInput(PipelineFactory factory, EntrySink sink, AckListener acks) {
        this.sink = sink;
        this.acks = acks;
        this.pipeline = factory.newPipeline(acks, this::send);
    }

    boolean hasRoom() {
        return sink.hasRoom();
    }

    void process(Entry entry) {
        lock.lock();
        try {
            pipeline.process(entry);
        } finally {
            lock.unlock();
        }
    }

    void tick() {
        if (lock.tryLock()) { // busy means the source is feeding it right now: the next tick will do
            try {
                pipeline.tick();
            } finally {
                lock.unlock();
            }
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
        try {
            sink.push(entry.tenant(), pipeline.labelsOf(entry), entry.toLogEntry(), entry.ackToken());
        } catch (InterruptedException e) {
            // shutting down: the entry was not taken, so its lines must be read again
            acks.acknowledged(entry.ackToken(), PushOutcome.FAILED);
            Thread.currentThread().interrupt();
        }
    }
}
