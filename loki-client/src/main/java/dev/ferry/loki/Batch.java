package dev.ferry.loki;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Entries of one tenant waiting to be sent together, grouped by stream in first-seen order. */
final class Batch {
    /** A rough per-entry heap cost beyond the line and metadata bytes (object headers, references). */
    static final int ENTRY_OVERHEAD_BYTES = 64;

    final String tenant;
    final long createdNanos;
    private final Map<Labels, StreamEntries> byLabels = new HashMap<>();
    private final List<StreamEntries> streams = new ArrayList<>();
    private long sizeBytes;
    private long heapBytes;
    private int entryCount;

    Batch(String tenant, long createdNanos) {
        this.tenant = tenant;
        this.createdNanos = createdNanos;
    }

    void add(Labels labels, LogEntry entry, Object token) {
        StreamEntries s = byLabels.get(labels);
        if (s == null) {
            s = new StreamEntries(labels);
            byLabels.put(labels, s);
            streams.add(s);
        }
        s.add(entry, token);
        sizeBytes += entry.sizeBytes();
        heapBytes += heapCost(entry);
        entryCount++;
    }

    static long heapCost(LogEntry entry) {
        return entry.sizeBytes() + ENTRY_OVERHEAD_BYTES;
    }

    List<StreamEntries> streams() {
        return streams;
    }

    /** Bytes as Loki counts them: lines plus structured metadata. */
    long sizeBytes() {
        return sizeBytes;
    }

    /** What this batch holds on the heap, as the client's memory bound counts it. */
    long heapBytes() {
        return heapBytes;
    }

    int entryCount() {
        return entryCount;
    }

    /** Calls {@code listener} once for every token in the batch. */
    void acknowledgeAll(AckListener listener, PushOutcome outcome) {
        for (StreamEntries s : streams) {
            for (int i = 0; i < s.count; i++) {
                listener.acknowledged(s.tokens[i], outcome);
            }
        }
    }
}
