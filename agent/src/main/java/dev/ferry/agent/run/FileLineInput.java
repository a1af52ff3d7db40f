package dev.ferry.agent.run;

import dev.ferry.agent.file.FileTarget;
import dev.ferry.agent.file.LineSink;
import dev.ferry.pipeline.Entry;

/**
 * Hands a file reader's entries to a pipeline, refusing them while the sinks are full (the file
 * waits on disk). The stream key is the file's path as first seen, so a label change does not split
 * the state a stage holds for the stream (multiline).
 */
final class FileLineInput implements LineSink {
    private final PipelineInput input;

    FileLineInput(PipelineInput input) {
        this.input = input;
    }

    @Override
    public boolean offer(FileTarget target, String line, long epochNanos, Object ackToken) {
        if (!input.hasRoom()) {
            return false;
        }
        input.process(new Entry(target.path(), target.labels(), epochNanos, line, ackToken));
        return true;
    }
}
