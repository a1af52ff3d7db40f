package dev.ferry.agent.file;

import dev.ferry.agent.positions.AckToken;
import dev.ferry.loki.LineTruncation;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Instant;

/**
 * Reads a file's new bytes into the source's one buffer, splits them at {@code \n} and offers each
 * line downstream, registering it with the file's tracker. Nothing is kept between calls but
 * offsets: an unfinished line is read again from its start next time, so the only memory is the
 * buffer, which grows at most to {@code max_line_size} plus a line ending.
 *
 * <p>Per line: a CR before the LF is removed; NUL bytes at the start of a line (the hole a
 * copytruncate leaves when the writer does not append) are skipped and counted; a line longer than
 * the source's {@code max_line_size} (a memory guard, far above Loki's limit) is cut by {@link
 * LineTruncation}'s rule, marker included (or dropped), and the rest skipped up to its newline
 * without buffering it. Every shorter line goes on whole: the pipeline applies the user's limit.
 *
 * <p>The buffer grows for a long line and shrinks back to {@code read_buffer_size} when a file is
 * read to its end, so one long line does not hold megabytes for good.
 */
final class LineReader {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    static final int IDLE = 0;
    static final int PROGRESS = 1;
    static final int REFUSED = 2;

    private final LineSink sink;
    private final FileSourceMetrics metrics;
    private final Clock clock;
    private final LineDecoder decoder;
    private final int maxLineSize;
    private final boolean dropLongLines;
    private final int maxBuffer;
    private final int readBufferSize;
    private byte[] buf;
    private boolean lineAscii; // set by lineEnd for the line it found

    LineReader(FileSourceConfig config, LineSink sink, FileSourceMetrics metrics, Clock clock) {
        this.sink = sink;
        this.metrics = metrics;
        this.clock = clock;
        this.decoder = new LineDecoder(config.encoding());
        this.maxLineSize = config.maxLineSize();
        this.dropLongLines = config.dropLongLines();
        this.maxBuffer = Math.max(config.readBufferSize(), maxLineSize + 2);
        this.readBufferSize = Math.min(config.readBufferSize(), maxBuffer);
        this.buf = new byte[readBufferSize];
    }

    /** Reads {@code f} from where it stopped, up to about {@code budget} bytes or its end. */
    int read(TailedFile f, long budget) throws IOException {
        int result = readLines(f, budget);
        if (buf.length > readBufferSize && f.atEof && !f.longLine && f.lineStart >= f.size) {
            buf = new byte[readBufferSize]; // caught up, nothing held: give the long line's megabytes back
        }
        return result;
    }

    private int readLines(TailedFile f, long budget) throws IOException {
        int result = IDLE;
        long size = f.channel.size();
        f.size = size;
        while (budget > 0) {
            if (f.longLine) {
                int r = continueLongLine(f, size);
                if (r != PROGRESS) {
                    return r == REFUSED ? REFUSED : result;
                }
                result = PROGRESS;
                budget -= buf.length;
                continue;
            }
            long from = f.lineStart;
            if (from >= size) {
                f.atEof = true;
                return result;
            }
            int n = Fingerprint.readAt(f.channel, from, buf, (int) Math.min(buf.length, size - from));
            if (n == 0) {
                f.atEof = true;
                return result;
            }
            long readTime = epochNanos(clock.instant());
            int s = 0;
            while (true) {
                int z = s;
                while (z < n && buf[z] == 0) {
                    z++;
                }
                if (z > s) {
                    metrics.nulBytesSkipped.increment(z - s);
                    s = z;
                }
                int k = lineEnd(buf, s, n);
                if (k < 0) {
                    break;
                }
                int e = k > s && buf[k - 1] == '\r' ? k - 1 : k;
                if (!emit(f, s, e - s, from + k + 1, readTime, lineAscii)) {
                    consumed(f, from + s);
                    return REFUSED;
                }
                s = k + 1;
            }
            if (s > 0) {
                consumed(f, from + s);
                result = PROGRESS;
            }
            budget -= n;
            if (s == 0 && n == buf.length) {
                // no line ending in a full buffer: grow it, or treat the line as too long
                if (buf.length < maxBuffer) {
                    buf = new byte[(int) Math.min(maxBuffer, 2L * buf.length)];
                } else {
                    f.longLine = true;
                    f.scanned = from + n;
                    f.newlineAt = -1;
                }
                result = PROGRESS; // more to do at once, even when the budget ends while growing
                continue;
            }
            if (from + n >= size) {
                f.atEof = true;
                return result;
            }
        }
        f.atEof = false;
        return result;
    }

    /** Looks for the newline of a too long line; once found, emits its first max_line_size bytes. */
    private int continueLongLine(TailedFile f, long size) throws IOException {
        if (f.newlineAt < 0) {
            if (f.scanned >= size) {
                f.atEof = true;
                return IDLE;
            }
            int n = Fingerprint.readAt(f.channel, f.scanned, buf, (int) Math.min(buf.length, size - f.scanned));
            if (n == 0) {
                f.atEof = true;
                return IDLE;
            }
            int k = lineEnd(buf, 0, n);
            if (k < 0) {
                f.scanned += n;
                return PROGRESS;
            }
            f.newlineAt = f.scanned + k;
        }
        if (!emitLongLine(f, f.newlineAt + 1)) {
            return REFUSED;
        }
        f.longLine = false;
        f.newlineAt = -1;
        return PROGRESS;
    }

    /** Emits the head of the long line starting at {@code f.lineStart} as one entry ending at {@code end}. */
    private boolean emitLongLine(TailedFile f, long end) throws IOException {
        if (dropLongLines) {
            f.tracker.skip(end, 0);
            f.registeredEnd = end;
            metrics.linesDroppedTooLong.increment();
            consumed(f, end);
            return true;
        }
        if (buf.length < maxLineSize + 1) {
            buf = new byte[maxBuffer]; // shrunk by another file while this one looked for its newline
        }
        int n = Fingerprint.readAt(f.channel, f.lineStart, buf, maxLineSize + 1);
        return emitBytes(f, 0, n, end, epochNanos(clock.instant()), true, false);
    }

    /** Emits a line of {@code buf[off, off+len)} ending (with its line ending) at file offset {@code end}. */
    private boolean emit(TailedFile f, int off, int len, long end, long readTime, boolean ascii) {
        if (len > maxLineSize && dropLongLines) {
            f.tracker.skip(end, 0);
            f.registeredEnd = end;
            metrics.linesDroppedTooLong.increment();
            return true;
        }
        return emitBytes(f, off, len, end, readTime, false, ascii);
    }

    /**
     * Offers the line of {@code buf[off, off+len)}; one longer than {@code max_line_size} (only its
     * head need be in the buffer) is cut by the one rule lines are cut by.
     */
    private boolean emitBytes(
            TailedFile f, int off, int len, long end, long readTime, boolean consumeToEnd, boolean ascii) {
        boolean truncated = len > maxLineSize;
        String line = truncated
                ? LineTruncation.truncate(
                        decoder.decode(buf, off, LineDecoder.utf8Boundary(buf, off, maxLineSize), false), maxLineSize)
                : decoder.decode(buf, off, len, ascii);
        AckToken token = f.tracker.register(end, 0);
        boolean taken = ascii
                ? f.framer.offerAscii(f.target, line, readTime, token, sink)
                : f.framer.offer(f.target, line, readTime, token, sink);
        if (!taken) {
            f.tracker.cancelLast(token);
            metrics.offersRefused.increment();
            return false;
        }
        f.registeredEnd = end;
        metrics.linesRead.increment();
        if (truncated) {
            metrics.linesTruncated.increment();
        }
        if (decoder.lastInvalid()) {
            metrics.invalidUtf8.increment();
        }
        if (consumeToEnd) {
            consumed(f, end); // a long line's bytes are not in the buffer loop's hands
        }
        return true;
    }

    /**
     * Hands downstream the bytes after the last newline of a file that is finished (deleted and read
     * to its end): without this its last line would never come.
     */
    int flushPartial(TailedFile f) throws IOException {
        long size = f.channel.size();
        if (f.lineStart >= size) {
            return IDLE;
        }
        if (f.longLine) {
            if (!emitLongLine(f, size)) {
                return REFUSED;
            }
            f.longLine = false;
            f.newlineAt = -1;
            metrics.partialLinesFlushed.increment();
            return PROGRESS;
        }
        long from = f.lineStart;
        int n = Fingerprint.readAt(f.channel, from, buf, (int) Math.min(buf.length, size - from));
        int s = 0;
        while (s < n && buf[s] == 0) {
            s++;
        }
        if (s > 0) {
            metrics.nulBytesSkipped.increment(s);
        }
        int e = n > s && buf[n - 1] == '\r' ? n - 1 : n;
        if (s < e) {
            if (!emit(f, s, e - s, from + n, epochNanos(clock.instant()), false)) {
                return REFUSED;
            }
            metrics.partialLinesFlushed.increment();
        }
        consumed(f, from + n);
        return PROGRESS;
    }

    /**
     * Lets the file's framer release what it holds (partial lines) now that the file has no more
     * bytes: what waited too long, or everything when the file is {@code finished}.
     */
    int releaseHeld(TailedFile f, boolean finished) {
        if (!f.framer.idle(f.target, finished, sink)) {
            metrics.offersRefused.increment();
            return REFUSED;
        }
        return IDLE;
    }

    /** Records that everything before {@code offset} is handed downstream or skipped. */
    private void consumed(TailedFile f, long offset) {
        long before = f.lineStart;
        if (offset <= before) {
            return;
        }
        if (offset > f.registeredEnd) {
            f.tracker.skip(offset, 0); // NULs or a dropped tail after the last entry
            f.registeredEnd = offset;
        }
        f.lineStart = offset;
        metrics.bytesRead.increment(offset - before);
    }

    /**
     * The index of the first {@code \n} in {@code b[from, to)}, or -1, noting in {@link #lineAscii}
     * whether the bytes before it are all ASCII: the same pass tells the decoder it need not look at
     * them again. Eight bytes at a time while no newline is among them: twice as fast as a byte loop
     * in C1 code (the image's).
     */
    private int lineEnd(byte[] b, int from, int to) {
        long any = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i);
            long y = x ^ NEWLINES;
            if (((y - ONES) & ~y & HIGH_BITS) != 0) {
                break; // a newline among these eight: find it below
            }
            any |= x;
        }
        boolean ascii = (any & HIGH_BITS) == 0;
        for (; i < to; i++) {
            byte c = b[i];
            if (c == '\n') {
                lineAscii = ascii;
                return i;
            }
            ascii &= c >= 0;
        }
        return -1;
    }

    private static long epochNanos(Instant now) {
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
