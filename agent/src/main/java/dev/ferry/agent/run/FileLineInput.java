package dev.ferry.agent.run;

import dev.ferry.agent.file.FileTarget;
import dev.ferry.agent.file.LineSink;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.LabelMap;

/**
 * Hands a file reader's entries to a pipeline, refusing them while the sinks are full (the file
 * waits on disk). An ASCII line's entry carries its UTF-8 length, so neither the json stage nor
 * the client passes over the line to learn it.
 */
final class FileLineInput implements LineSink {
    private final PipelineInput input;
    private final boolean keyedByPath;

    private FileLineInput(PipelineInput input, boolean keyedByPath) {
        this.input = input;
        this.keyedByPath = keyedByPath;
    }

    /** Each open file is its own stream for stages that keep state (multiline), a rotated one a new one. */
    static FileLineInput keyedByFile(PipelineInput input) {
        return new FileLineInput(input, false);
    }

    /**
     * The stream key is the file's path as first seen, so a label change does not split the state a
     * stage holds for the stream (Kubernetes files mode).
     */
    static FileLineInput keyedByPath(PipelineInput input) {
        return new FileLineInput(input, true);
    }

    @Override
    public boolean offer(FileTarget target, String line, long epochNanos, Object ackToken) {
        return take(target, line, -1, epochNanos, ackToken);
    }

    @Override
    public boolean offerAscii(FileTarget target, String line, long epochNanos, Object ackToken) {
        return take(target, line, line.length(), epochNanos, ackToken);
    }

    private boolean take(FileTarget target, String line, int utf8Length, long epochNanos, Object ackToken) {
        if (!input.hasRoom()) {
            return false; // the file waits on disk; nothing piles up in memory
        }
        Object streamKey = keyedByPath ? target.path() : target;
        input.process(new Entry(streamKey, LabelMap.of(target.labels()), epochNanos, line, utf8Length, ackToken));
        return true;
    }
}
