package dev.ferry.loki;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Entries of one tenant waiting to be sent together, grouped by stream in first-seen order. */
final class Batch {
    /** Heap an entry costs beyond its encoded bytes: its slots in the stream's arrays (time, three sizes, token). */
    static final int ENTRY_OVERHEAD_BYTES = 32;

    final String tenant;
    final long createdNanos;
    private final Map<Labels, StreamEntries> byLabels = new HashMap<>();
    private final List<StreamEntries> streams = new ArrayList<>();
    private long sizeBytes;
    private long heapBytes;
    private int entryCount;

    private final ChunkPool pool;

    /** A batch whose chunks are allocated and left to the collector (tests). */
    Batch(String tenant, long createdNanos) {
        this(tenant, createdNanos, ChunkPool.NONE);
    }

    Batch(String tenant, long createdNanos, ChunkPool pool) {
        this.tenant = tenant;
        this.createdNanos = createdNanos;
        this.pool = pool;
    }

    void add(Labels labels, LogEntry entry, Object token) {
        add(labels, entry, EntryEncoding.bodySize(entry), token);
    }

    /**
     * Adds {@code entry}, whose encoded body is {@code bodySize} bytes ({@link EntryEncoding#bodySize});
     * returns the heap bytes this batch grew by (its array slots, and a chunk when one was started).
     */
    long add(Labels labels, LogEntry entry, int bodySize, Object token) {
        StreamEntries s = byLabels.get(labels);
        if (s == null) {
            s = new StreamEntries(labels, pool);
            byLabels.put(labels, s);
            streams.add(s);
        }
        long added = ENTRY_OVERHEAD_BYTES + s.add(entry, bodySize, token);
        sizeBytes += entry.sizeBytes();
        heapBytes += added;
        entryCount++;
        return added;
    }

    /**
     * What an entry whose encoded body is {@code bodySize} bytes takes when it starts a chunk of its
     * own: the smallest chunk that holds it and its array slots. Most entries fit in a chunk already
     * taken and cost only the slots; a stream's later chunks are larger. {@link #add} says what it took.
     */
    static long heapCost(int bodySize) {
        return (long) ChunkPool.chunkSize(EntryEncoding.fieldSize(bodySize)) + ENTRY_OVERHEAD_BYTES;
    }

    List<StreamEntries> streams() {
        return streams;
    }

    /** Bytes as Loki counts them: lines plus structured metadata. */
    long sizeBytes() {
        return sizeBytes;
    }

    /** What this batch holds on the heap, as the client's memory bound counts it: chunks allocated and array slots. */
    long heapBytes() {
        return heapBytes;
    }

    int entryCount() {
        return entryCount;
    }

    /** Hands the encoded entries' chunks back to the pool; the batch is finished and is not encoded again. */
    void releaseChunks() {
        for (int s = 0; s < streams.size(); s++) {
            streams.get(s).releaseChunks();
        }
    }

    /** Calls {@code listener} once for every token in the batch. */
    void acknowledgeAll(AckListener listener, PushOutcome outcome) {
        acknowledge(listener, outcome, null);
    }

    /** Calls {@code listener} once for every token: REJECTED for the entries Loki refused, SENT for the others. */
    void acknowledge(AckListener listener, RefusedEntries refused) {
        acknowledge(listener, PushOutcome.SENT, refused);
    }

    private void acknowledge(AckListener listener, PushOutcome outcome, RefusedEntries refused) {
        RuntimeException first = null;
        for (int s = 0; s < streams.size(); s++) {
            StreamEntries stream = streams.get(s);
            for (int i = 0; i < stream.count; i++) {
                PushOutcome o = refused != null && refused.reason(s, i) != null ? PushOutcome.REJECTED : outcome;
                try {
                    listener.acknowledged(stream.tokens[i], o);
                } catch (RuntimeException e) {
                    first = first == null ? e : first; // one failing token must not leave the others unsettled
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
