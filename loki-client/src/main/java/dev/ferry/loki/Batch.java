package dev.ferry.loki;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Entries of one tenant waiting to be sent together, grouped by stream in first-seen order. */
final class Batch {
    /**
     * Heap an entry costs beyond its text, on a 64-bit JVM with compressed pointers: the LogEntry,
     * the line's String and array headers, and this batch's two array slots.
     */
    static final int ENTRY_OVERHEAD_BYTES = 96;
    /** Heap of a non-empty StructuredMetadata beyond its text: the object and its three arrays. */
    static final int METADATA_OVERHEAD_BYTES = 72;
    /** Heap of one metadata pair beyond its text: two Strings' and arrays' headers and slots. */
    static final int METADATA_PAIR_OVERHEAD_BYTES = 88;

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

    /** What an entry holds on the heap, as the client's memory bound counts it (never less than the truth for ASCII text). */
    static long heapCost(LogEntry entry) {
        StructuredMetadata md = entry.metadata();
        long cost = (long) entry.sizeBytes() + ENTRY_OVERHEAD_BYTES;
        String line = entry.line();
        if (entry.lineUtf8Length() != line.length()) {
            // not ASCII: the JVM may keep the line as UTF-16, two bytes per char, more than its UTF-8
            cost += Math.max(0, 2L * line.length() - entry.lineUtf8Length());
        }
        if (!md.isEmpty()) {
            cost += METADATA_OVERHEAD_BYTES + (long) md.size() * METADATA_PAIR_OVERHEAD_BYTES;
        }
        return cost;
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
