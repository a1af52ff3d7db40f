package dev.ferry.loki;

import static dev.ferry.loki.ProtoWire.LEN;
import static dev.ferry.loki.ProtoWire.tag;
import static dev.ferry.loki.ProtoWire.varint;
import static dev.ferry.loki.ProtoWire.varintSize;

import java.io.IOException;
import java.util.List;
import org.xerial.snappy.Snappy;

/**
 * Writes a batch as Loki's {@code logproto.PushRequest} in protobuf and compresses it with snappy's
 * block format, into buffers reused from one batch to the next. The entries were encoded when they
 * joined the batch ({@link EntryEncoding}); this adds each stream's frame and labels around them.
 * Tests check the bytes against the classes protoc generates from push.proto.
 */
final class PushRequestEncoder {
    private byte[] raw = new byte[64 * 1024];
    private byte[] compressed = new byte[0];
    private int rawLength;
    private int compressedLength;

    /** Encodes {@code batch} into the raw buffer and returns its length. */
    int encode(Batch batch) {
        List<StreamEntries> streams = batch.streams();
        long total = 0;
        for (int s = 0; s < streams.size(); s++) {
            long body = streamBodySize(streams.get(s));
            total += 1 + varintSize(body) + body;
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("batch too large to encode: " + total + " bytes");
        }
        if (raw.length < total) {
            // an eighth more than this batch: batches of one endpoint vary little, and both buffers stay
            raw = new byte[(int) Math.min(Integer.MAX_VALUE - 16, total + total / 8)];
        }
        int p = 0;
        byte[] b = raw;
        for (int s = 0; s < streams.size(); s++) {
            StreamEntries stream = streams.get(s);
            p = tag(b, p, 1, LEN);
            p = varint(b, p, streamBodySize(stream));
            Labels labels = stream.labels;
            p = tag(b, p, 1, LEN);
            p = varint(b, p, labels.renderedUtf8Length());
            p = Utf8.encode(labels.rendered(), labels.renderedUtf8Length(), b, p);
            p = stream.copyEncoded(b, p);
        }
        rawLength = p;
        return p;
    }

    private static long streamBodySize(StreamEntries stream) {
        int labelsLen = stream.labels.renderedUtf8Length(); // never empty: at least "{}"
        return 1 + varintSize(labelsLen) + labelsLen + stream.encodedLength();
    }

    /** Compresses what {@link #encode} wrote; returns the compressed length. */
    int compress() throws IOException {
        int max = Snappy.maxCompressedLength(rawLength);
        if (compressed.length < max) {
            compressed = new byte[Snappy.maxCompressedLength(raw.length)];
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
}
