package dev.ferry.agent.file;

/**
 * Where a file source delivers lines; the wiring implements it (pipeline in front of a Loki client).
 * Called from the source's reader thread only.
 */
@FunctionalInterface
public interface LineSink {
    /**
     * Takes one line, or refuses it when downstream is full. A refused line is offered again later
     * (the source stops reading that file meanwhile), so nothing is lost and nothing piles up in memory.
     *
     * @param target the file and its labels (static labels plus {@code filename})
     * @param line the line without its line ending, decoded (invalid bytes became U+FFFD)
     * @param readTimeEpochNanos when the line was read: the entry's timestamp unless a stage sets one
     * @param ackToken settle it exactly once, through {@link FileSource#ackListener()} (or the client's
     *     listener that routes to it), when the line's entries are sent, rejected, dropped or failed
     * @return false when the line was not taken; the token must then be forgotten, not settled
     */
    boolean offer(FileTarget target, String line, long readTimeEpochNanos, Object ackToken);

    /**
     * {@link #offer}, for a line the reader found to be all ASCII: its UTF-8 length is its length,
     * which a sink may hand on so that nobody measures or scans it for that again.
     */
    default boolean offerAscii(FileTarget target, String line, long readTimeEpochNanos, Object ackToken) {
        return offer(target, line, readTimeEpochNanos, ackToken);
    }
}
