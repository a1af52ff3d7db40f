package dev.ferry.agent.file;

import dev.ferry.agent.positions.OffsetTracker;
import dev.ferry.loki.Labels;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The reading state of one open file. Fields are owned by the reader thread; the few that the
 * positions thread and {@code /status} read are volatile.
 */
final class TailedFile {
    final FileIdentity identity;
    /** Replaced when the file's labels change (a pod's labels were edited); read per line. */
    volatile FileTarget target;
    /** The labeler's labels {@link #target} was built from, to notice a change cheaply. */
    Labels labeledFrom;

    final FileChannel channel;
    final LineFramer framer;
    volatile Path path;
    volatile Fingerprint fingerprint;
    /** Replaced on truncation and on a re-read after a failed push; old tokens settle the old one. */
    volatile OffsetTracker tracker;

    /** Offset of the first byte not yet handed downstream (start of the unfinished line). */
    volatile long lineStart;
    /** End of the last entry registered with, or skipped in, the tracker. */
    long registeredEnd;
    /** The current line is longer than max_line_size; bytes up to {@link #scanned} hold no newline. */
    boolean longLine;

    long scanned;
    /** Where the newline of a long line is, once found; -1 before. */
    long newlineAt = -1;

    volatile long size;
    /** No glob matches the file any more: it is read to its end, then closed. */
    volatile boolean detached;

    long sizeAtLastScan = -1;
    /** Detached and quiet for a whole scan period: flush its last line, wait for its acks, close it. */
    boolean finishing;
    /** Its labeler said it will not be written again: read it to its end like a detached file, never reopen it. */
    boolean retired;

    boolean atEof;

    TailedFile(
            FileIdentity identity,
            FileTarget target,
            Path path,
            FileChannel channel,
            LineFramer framer,
            Fingerprint fingerprint,
            long start) {
        this.identity = identity;
        this.target = target;
        this.framer = framer;
        this.path = path;
        this.channel = channel;
        this.fingerprint = fingerprint;
        this.tracker = new OffsetTracker(start, 0);
        this.lineStart = start;
        this.registeredEnd = start;
    }

    /** Forgets everything after {@code position} and reads again from there with a fresh tracker. */
    void restartAt(long position) {
        tracker = new OffsetTracker(position, 0);
        lineStart = position;
        registeredEnd = position;
        longLine = false;
        newlineAt = -1;
        scanned = position;
        atEof = false;
        framer.reset(); // what it held is after the restart point: it is read again
    }

    /** The furthest offset the reader has looked at; a file shorter than this was truncated. */
    long readUpTo() {
        return longLine ? Math.max(scanned, newlineAt) : lineStart;
    }

    void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was written through it
        }
    }

    FileTargetStatus status() {
        OffsetTracker t = tracker;
        return new FileTargetStatus(
                path.toString(), target.labels(), lineStart, t.committed(), size, t.inFlight(), detached);
    }
}
