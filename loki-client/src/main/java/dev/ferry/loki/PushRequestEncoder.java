package dev.ferry.loki;

import java.io.IOException;
import java.util.List;
import org.xerial.snappy.Snappy;

/**
 * Writes a batch as Loki's {@code logproto.PushRequest} in protobuf and compresses it with snappy's
 * block format, into buffers reused from one batch to the next. Hand-written so that nothing is
 * allocated per entry; tests check the bytes against the classes protoc generates from push.proto.
 */
final class PushRequestEncoder {
    private static final int WIRE_VARINT = 0;
    private static final int WIRE_LEN = 2;

    private byte[] raw = new byte[64 * 1024];
    private byte[] compressed = new byte[0];
    // each entry's encoded size, from the sizing pass, for the writing pass (entries in batch order)
    private int[] entrySizes = new int[1024];
    private int rawLength;
    private int compressedLength;

    /** Encodes {@code batch} into the raw buffer and returns its length. */
    int encode(Batch batch) {
        List<StreamEntries> streams = batch.streams();
        int entries = 0;
        for (int s = 0; s < streams.size(); s++) {
            entries += streams.get(s).count;
        }
        if (entrySizes.length < entries) {
            entrySizes = new int[Math.max(entries, entrySizes.length * 2)];
        }
        long[] streamSizes = new long[streams.size()];
        long total = 0;
        int k = 0;
        for (int s = 0; s < streams.size(); s++) {
            StreamEntries stream = streams.get(s);
            int labelsLen = stream.labels.renderedUtf8Length();
            long body = 1 + varintSize(labelsLen) + labelsLen; // never empty: at least "{}"
            for (int i = 0; i < stream.count; i++) {
                int e = entrySize(stream.entries[i]);
                entrySizes[k++] = e;
                body += 1 + varintSize(e) + e;
            }
            streamSizes[s] = body;
            total += 1 + varintSize(body) + body;
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("batch too large to encode: " + total + " bytes");
        }
        ensureRaw((int) total);
        int p = 0;
        byte[] b = raw;
        k = 0;
        for (int s = 0; s < streams.size(); s++) {
            StreamEntries stream = streams.get(s);
            p = tag(b, p, 1, WIRE_LEN);
            p = varint(b, p, streamSizes[s]);
            p = tag(b, p, 1, WIRE_LEN);
            Labels labels = stream.labels;
            p = varint(b, p, labels.renderedUtf8Length());
            p = Utf8.encode(labels.rendered(), labels.renderedUtf8Length(), b, p);
            for (int i = 0; i < stream.count; i++) {
                p = writeEntry(b, p, stream.entries[i], entrySizes[k++]);
            }
        }
        rawLength = p;
        return p;
    }

    /** Compresses what {@link #encode} wrote; returns the compressed length. */
    int compress() throws IOException {
        int max = Snappy.maxCompressedLength(rawLength);
        if (compressed.length < max) {
            compressed = new byte[Math.max(max, compressed.length * 2)];
        }
        compressedLength = Snappy.compress(raw, 0, rawLength, compressed, 0);
        return compressedLength;
    }

    byte[] raw() {
        return raw;
    }

    int rawLength() {
        return rawLength;
    }

    byte[] compressed() {
        return compressed;
    }

    int compressedLength() {
        return compressedLength;
    }

    private void ensureRaw(int size) {
        if (raw.length < size) {
            raw = new byte[Math.max(size, raw.length * 2)];
        }
    }

    private static int timestampSize(long seconds, int nanos) {
        return (seconds != 0 ? 1 + varintSize(seconds) : 0) + (nanos != 0 ? 1 + varintSize(nanos) : 0);
    }

    private static int entrySize(LogEntry e) {
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

    private static int pairSize(StructuredMetadata md, int i) {
        int n = md.nameUtf8Length(i);
        int v = md.valueUtf8Length(i);
        return (n > 0 ? 1 + varintSize(n) + n : 0) + (v > 0 ? 1 + varintSize(v) + v : 0);
    }

    private static int writeEntry(byte[] b, int p, LogEntry e, int size) {
        long nanosTotal = e.epochNanos();
        long seconds = Math.floorDiv(nanosTotal, 1_000_000_000L);
        int nanos = (int) Math.floorMod(nanosTotal, 1_000_000_000L);
        p = tag(b, p, 2, WIRE_LEN);
        p = varint(b, p, size);
        int ts = timestampSize(seconds, nanos);
        p = tag(b, p, 1, WIRE_LEN);
        p = varint(b, p, ts);
        if (seconds != 0) {
            p = tag(b, p, 1, WIRE_VARINT);
            p = varint(b, p, seconds);
        }
        if (nanos != 0) {
            p = tag(b, p, 2, WIRE_VARINT);
            p = varint(b, p, nanos);
        }
        int line = e.lineUtf8Length();
        if (line > 0) {
            p = tag(b, p, 2, WIRE_LEN);
            p = varint(b, p, line);
            p = Utf8.encode(e.line(), line, b, p);
        }
        StructuredMetadata md = e.metadata();
        for (int i = 0; i < md.size(); i++) {
            p = tag(b, p, 3, WIRE_LEN);
            p = varint(b, p, pairSize(md, i));
            int n = md.nameUtf8Length(i);
            if (n > 0) {
                p = tag(b, p, 1, WIRE_LEN);
                p = varint(b, p, n);
                p = Utf8.encode(md.name(i), n, b, p);
            }
            int v = md.valueUtf8Length(i);
            if (v > 0) {
                p = tag(b, p, 2, WIRE_LEN);
                p = varint(b, p, v);
                p = Utf8.encode(md.value(i), v, b, p);
            }
        }
        return p;
    }

    private static int tag(byte[] b, int p, int field, int wireType) {
        b[p] = (byte) ((field << 3) | wireType);
        return p + 1;
    }

    static int varintSize(long v) {
        // int64 values are written as unsigned 64-bit varints: a negative one takes 10 bytes.
        // Compares rather than counting leading zeros: C1, which the image runs, calls that as a method.
        if ((v & ~0x7FL) == 0) {
            return 1;
        }
        if ((v & ~0x3FFFL) == 0) {
            return 2;
        }
        if ((v & ~0x1FFFFFL) == 0) {
            return 3;
        }
        if ((v & ~0xFFFFFFFL) == 0) {
            return 4;
        }
        if ((v & ~0x7FFFFFFFFL) == 0) {
            return 5; // epoch seconds and nanoseconds
        }
        int bits = 64 - Long.numberOfLeadingZeros(v);
        return (bits + 6) / 7;
    }

    private static int varint(byte[] b, int p, long v) {
        while ((v & ~0x7FL) != 0) {
            b[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[p++] = (byte) v;
        return p;
    }
}
