package dev.ferry.agent.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a {@code timestamps=true} log stream into lines: the kubelet's timestamp, a space, the
 * content, a newline. One buffer, reused; a line longer than the limit is cut there (the rest up to
 * its newline is skipped) and reported as truncated. Bytes after the last newline at the end of the
 * stream are kept as the "tail": the follower emits them only when the container has ended,
 * otherwise a resumed stream sends the whole line again.
 */
final class LogLineReader {
    /** Receives each line; {@code buf[from, to)} is the content, valid only during the call. */
    interface LineHandler {
        void line(long epochNanos, long hash, byte[] buf, int from, int to, boolean truncated)
                throws InterruptedException;
    }

    /** The longest timestamp prefix looked for: RFC 3339 with nine fraction digits and an offset. */
    private static final int MAX_PREFIX = 40;

    /** Where a reader's buffer starts: one per followed container, so most never grow past it. */
    private static final int INITIAL_BUFFER = 16 * 1024;

    private final int maxLineBytes;
    private final int maxBuffer;
    private byte[] buf;
    private byte[] tail = new byte[0];

    LogLineReader(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
        this.maxBuffer = Math.max(64 * 1024, maxLineBytes + MAX_PREFIX + 1);
        // grown by doubling when a line needs it: a full-size buffer (256 KiB by default) for every
        // container would be tens of MiB of a 32 MiB heap on a busy node
        this.buf = new byte[Math.min(INITIAL_BUFFER, maxBuffer)];
    }

    /** Reads until the end of the stream; an {@link IOException} means it broke (the tail is then empty). */
    void read(InputStream in, LineHandler handler) throws IOException, InterruptedException {
        tail = new byte[0];
        int start = 0;
        int end = 0;
        int scan = 0;
        boolean skipping = false;
        int limit = maxLineBytes + MAX_PREFIX;
        while (true) {
            int nl = indexOfNewline(scan, end);
            if (nl >= 0) {
                if (!skipping) {
                    emit(start, nl, false, handler);
                }
                skipping = false;
                start = nl + 1;
                scan = start;
                continue;
            }
            scan = end;
            if (!skipping && end - start >= limit) {
                emit(start, start + limit, true, handler);
                skipping = true;
            }
            if (skipping) {
                start = end;
            }
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                scan -= start;
                start = 0;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (end == buf.length && buf.length < maxBuffer) {
                buf = Arrays.copyOf(buf, (int) Math.min(maxBuffer, 2L * buf.length));
            }
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                tail = skipping ? new byte[0] : Arrays.copyOfRange(buf, start, end);
                return;
            }
            end += n;
        }
    }

    /** True when the stream ended in the middle of a line. */
    boolean hasTail() {
        return tail.length > 0;
    }

    /** Hands on the bytes after the last newline as a line of their own. */
    void emitTail(LineHandler handler) throws InterruptedException {
        byte[] t = tail;
        tail = new byte[0];
        if (t.length > 0) {
            System.arraycopy(t, 0, buf, 0, t.length);
            emit(0, t.length, false, handler);
        }
    }

    private void emit(int from, int to, boolean truncated, LineHandler handler) throws InterruptedException {
        int space = -1;
        int prefixEnd = Math.min(to, from + MAX_PREFIX);
        for (int i = from; i < prefixEnd; i++) {
            if (buf[i] == ' ') {
                space = i;
                break;
            }
        }
        long ts = space < 0 ? KubeletTimestamp.INVALID : KubeletTimestamp.parse(buf, from, space);
        int contentFrom = ts == KubeletTimestamp.INVALID ? from : space + 1;
        int contentTo = truncated ? Math.min(to, contentFrom + maxLineBytes) : to;
        long hash = LineHash.update(LineHash.SEED, buf, contentFrom, contentTo);
        handler.line(ts, hash, buf, contentFrom, contentTo, truncated);
    }

    private int indexOfNewline(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
