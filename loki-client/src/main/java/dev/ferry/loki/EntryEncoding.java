package dev.ferry.loki;

import static dev.ferry.loki.ProtoWire.LEN;
import static dev.ferry.loki.ProtoWire.VARINT;
import static dev.ferry.loki.ProtoWire.tag;
import static dev.ferry.loki.ProtoWire.varint;
import static dev.ferry.loki.ProtoWire.varintSize;

/**
 * Writes one {@link LogEntry} as Loki's {@code EntryAdapter} (timestamp, line, structured metadata),
 * framed as field 2 of a {@code StreamAdapter}. Sizes first, so the bytes go straight into place.
 */
final class EntryEncoding {
    private EntryEncoding() {}

    /** The length of the entry's {@code EntryAdapter} message, without its field tag and length prefix. */
    static int bodySize(LogEntry e) {
        long nanosTotal = e.epochNanos();
        long seconds = Math.floorDiv(nanosTotal, 1_000_000_000L);
        int nanos = (int) Math.floorMod(nanosTotal, 1_000_000_000L);
        int ts = timestampSize(seconds, nanos);
        int size = 1 + varintSize(ts) + ts;
        int line = e.lineUtf8Length();
        if (line > 0) {
            size += 1 + varintSize(line) + line;
        }
        StructuredMetadata md = e.metadata();
        for (int i = 0; i < md.size(); i++) {
            int pair = pairSize(md, i);
            size += 1 + varintSize(pair) + pair;
        }
        return size;
    }

    /** What {@link #write} adds for an entry of {@code bodySize}: the body with its tag and length. */
    static int fieldSize(int bodySize) {
        return 1 + varintSize(bodySize) + bodySize;
    }

    /** Writes the entry at {@code p} as field 2 with its {@code bodySize}; returns the position after it. */
    static int write(byte[] b, int p, LogEntry e, int bodySize) {
        long nanosTotal = e.epochNanos();
        long seconds = Math.floorDiv(nanosTotal, 1_000_000_000L);
        int nanos = (int) Math.floorMod(nanosTotal, 1_000_000_000L);
        p = tag(b, p, 2, LEN);
        p = varint(b, p, bodySize);
        int ts = timestampSize(seconds, nanos);
        p = tag(b, p, 1, LEN);
        p = varint(b, p, ts);
        if (seconds != 0) {
            p = tag(b, p, 1, VARINT);
            p = varint(b, p, seconds);
        }
        if (nanos != 0) {
            p = tag(b, p, 2, VARINT);
            p = varint(b, p, nanos);
        }
        int line = e.lineUtf8Length();
        if (line > 0) {
            p = tag(b, p, 2, LEN);
            p = varint(b, p, line);
            p = Utf8.encode(e.line(), line, b, p);
        }
        StructuredMetadata md = e.metadata();
        for (int i = 0; i < md.size(); i++) {
            p = tag(b, p, 3, LEN);
            p = varint(b, p, pairSize(md, i));
            int n = md.nameUtf8Length(i);
            if (n > 0) {
                p = tag(b, p, 1, LEN);
                p = varint(b, p, n);
                p = Utf8.encode(md.name(i), n, b, p);
            }
            int v = md.valueUtf8Length(i);
            if (v > 0) {
                p = tag(b, p, 2, LEN);
                p = varint(b, p, v);
                p = Utf8.encode(md.value(i), v, b, p);
            }
        }
        return p;
    }

    private static int timestampSize(long seconds, int nanos) {
        return (seconds != 0 ? 1 + varintSize(seconds) : 0) + (nanos != 0 ? 1 + varintSize(nanos) : 0);
    }

    private static int pairSize(StructuredMetadata md, int i) {
        int n = md.nameUtf8Length(i);
        int v = md.valueUtf8Length(i);
        return (n > 0 ? 1 + varintSize(n) + n : 0) + (v > 0 ? 1 + varintSize(v) + v : 0);
    }
}
