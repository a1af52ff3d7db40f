package dev.ferry.agent.file;

import dev.ferry.loki.Labels;

/**
 * One tailed file for {@code /status}: where it is now, how far it has been read and acknowledged.
 *
 * @param path the file's path now (differs from {@code labels}' filename after a rename)
 * @param readOffset bytes handed downstream
 * @param committedOffset bytes below which every line is settled: where a restart resumes
 * @param size the file's size at the last read
 * @param inFlight lines handed downstream and not yet acknowledged
 * @param detached true when no glob matches the file any more (deleted or renamed away): it is read to
 *     its end and closed
 */
public record FileTargetStatus(
        String path, Labels labels, long readOffset, long committedOffset, long size, int inFlight, boolean detached) {

    /** Bytes written but not yet acknowledged. */
    public long lagBytes() {
        return Math.max(0, size - committedOffset);
    }
}
