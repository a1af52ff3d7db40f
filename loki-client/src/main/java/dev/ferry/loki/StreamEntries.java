package dev.ferry.loki;

import java.util.Arrays;

/**
 * The entries of one stream inside a batch, in the order they were pushed: already written as
 * protobuf {@code EntryAdapter} fields, plus per entry its ack token and the few facts Loki's refusals
 * and the metrics need. Holding bytes instead of entry objects keeps a waiting batch to a handful of
 * arrays, which the young collection copies cheaply and which die with the batch.
 *
 * <p>The bytes go into chunks from a {@link ChunkPool} that double from 512 bytes to 32 KiB and are
 * never copied to grow: a quiet stream holds little, a busy one wastes at most part of its last chunk.
 */
final class StreamEntries {
    final Labels labels;
    private final ChunkPool pool;
    private byte[][] chunks = new byte[4][];
    private int[] chunkUsed = new int[4];
    private int chunkCount;
    private long encodedLength;
    private long[] epochNanos = new long[8];
    private int[] lineBytes = new int[8];
    private int[] metadataBytes = new int[8];
    private int[] metadataPairs = new int[8];
    Object[] tokens = new Object[8];
    int count;

    StreamEntries(Labels labels, ChunkPool pool) {
        this.labels = labels;
        this.pool = pool;
    }

    /**
     * Appends {@code entry}, whose {@code EntryAdapter} body is {@code bodySize} bytes ({@link
     * EntryEncoding#bodySize}); returns the bytes of a chunk it had to allocate, else 0.
     */
    int add(LogEntry entry, int bodySize, Object token) {
        if (count == tokens.length) {
            int n = count * 2;
            epochNanos = Arrays.copyOf(epochNanos, n);
            lineBytes = Arrays.copyOf(lineBytes, n);
            metadataBytes = Arrays.copyOf(metadataBytes, n);
            metadataPairs = Arrays.copyOf(metadataPairs, n);
            tokens = Arrays.copyOf(tokens, n);
        }
        int field = EntryEncoding.fieldSize(bodySize);
        int allocated = 0;
        int c = chunkCount - 1;
        if (c < 0 || chunks[c].length - chunkUsed[c] < field) {
            int next = c < 0 ? ChunkPool.MIN_CHUNK : Math.min(ChunkPool.MAX_CHUNK, chunks[c].length * 2);
            allocated = Math.max(next, ChunkPool.chunkSize(field));
            if (chunkCount == chunks.length) {
                chunks = Arrays.copyOf(chunks, chunkCount * 2);
                chunkUsed = Arrays.copyOf(chunkUsed, chunkCount * 2);
            }
            c = chunkCount++;
            chunks[c] = pool.take(allocated);
        }
        chunkUsed[c] = EntryEncoding.write(chunks[c], chunkUsed[c], entry, bodySize);
        encodedLength += field;
        epochNanos[count] = entry.epochNanos();
        lineBytes[count] = entry.lineUtf8Length();
        StructuredMetadata md = entry.metadata();
        metadataBytes[count] = md.utf8Size();
        metadataPairs[count] = md.size();
        tokens[count] = token;
        count++;
        return allocated;
    }

    /** The entries' bytes: repeated {@code EntryAdapter} fields (field 2 of {@code StreamAdapter}). */
    long encodedLength() {
        return encodedLength;
    }

    /** Hands the chunks back to the pool: for when the batch is finished and its bytes are no longer read. */
    void releaseChunks() {
        for (int c = 0; c < chunkCount; c++) {
            pool.give(chunks[c]);
            chunks[c] = null;
        }
        chunkCount = 0;
        encodedLength = 0;
    }

    /** Copies the entries' bytes to {@code b} at {@code p}; returns the position after them. */
    int copyEncoded(byte[] b, int p) {
        for (int c = 0; c < chunkCount; c++) {
            System.arraycopy(chunks[c], 0, b, p, chunkUsed[c]);
            p += chunkUsed[c];
        }
        return p;
    }

    long epochNanos(int i) {
        return epochNanos[i];
    }

    int lineBytes(int i) {
        return lineBytes[i];
    }

    int metadataBytes(int i) {
        return metadataBytes[i];
    }

    int metadataPairs(int i) {
        return metadataPairs[i];
    }

    /** Entry {@code i}'s size as Loki counts it: line plus structured metadata bytes. */
    int sizeBytes(int i) {
        return lineBytes[i] + metadataBytes[i];
    }
}
