package dev.ferry.agent.file;

import dev.ferry.agent.positions.AckToken;

/**
 * Turns the lines read from one file into the entries offered downstream. The plain framer offers
 * each line as read; Kubernetes files mode parses the runtime's header (CRI or Docker JSON) and joins
 * partial lines, holding their tokens until the joined entry is offered. One instance per open file,
 * called from the reader thread only.
 */
public interface LineFramer {
    /** Offers every line as it was read, with its read time (and whether it is all ASCII). */
    LineFramer PLAIN = new LineFramer() {
        @Override
        public boolean offer(FileTarget target, String line, long readTimeEpochNanos, AckToken token, LineSink sink) {
            return sink.offer(target, line, readTimeEpochNanos, token);
        }

        @Override
        public boolean offerAscii(
                FileTarget target, String line, long readTimeEpochNanos, AckToken token, LineSink sink) {
            return sink.offerAscii(target, line, readTimeEpochNanos, token);
        }
    };

    /**
     * Takes one line with the token the file's tracker registered for it.
     *
     * @return false when the sink refused: the caller forgets {@code token} and offers the line again
     *     later, so a framer that refuses must keep no trace of it
     */
    boolean offer(FileTarget target, String line, long readTimeEpochNanos, AckToken token, LineSink sink);

    /** {@link #offer}, for a line the reader found to be all ASCII (see {@link LineSink#offerAscii}). */
    default boolean offerAscii(FileTarget target, String line, long readTimeEpochNanos, AckToken token, LineSink sink) {
        return offer(target, line, readTimeEpochNanos, token, sink);
    }

    /**
     * Called when the file has no more bytes for now: releases what has been held too long, or
     * everything when {@code finished} (the file is about to be closed).
     *
     * @return false when the sink refused; the caller tries again later
     */
    default boolean idle(FileTarget target, boolean finished, LineSink sink) {
        return true;
    }

    /** Forgets what is held: the file is read again from an earlier offset, so those lines come again. */
    default void reset() {}
}
