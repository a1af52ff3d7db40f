package dev.ferry.loki;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Groups pushed entries into batches per tenant. Single-threaded and pure: time is passed in, and
 * the caller takes ready batches out. A batch is ready when one more entry would take it past
 * {@code batchSizeBytes}, or when its first entry is {@code batchWaitNanos} old.
 */
final class BatchBuilder {
    private final int batchSizeBytes;
    private final long batchWaitNanos;
    private final Map<String, Batch> open = new HashMap<>();
    private final ArrayDeque<Batch> ready = new ArrayDeque<>();
    private boolean deadlineMoved;

    private final ChunkPool pool;

    BatchBuilder(int batchSizeBytes, long batchWaitNanos) {
        this(batchSizeBytes, batchWaitNanos, ChunkPool.NONE);
    }

    BatchBuilder(int batchSizeBytes, long batchWaitNanos, ChunkPool pool) {
        this.batchSizeBytes = batchSizeBytes;
        this.batchWaitNanos = batchWaitNanos;
        this.pool = pool;
    }

    /** Adds an entry; the tenant is "" for the endpoint's default. Returns the heap bytes it took, as {@link Batch#add}. */
    long add(String tenant, Labels labels, LogEntry entry, Object token, long nowNanos) {
        return add(tenant, labels, entry, EntryEncoding.bodySize(entry), token, nowNanos);
    }

    /** {@link #add(String, Labels, LogEntry, Object, long)} with the entry's encoded body size known. */
    long add(String tenant, Labels labels, LogEntry entry, int bodySize, Object token, long nowNanos) {
        Batch b = open.get(tenant);
        if (b != null && b.sizeBytes() + entry.sizeBytes() > batchSizeBytes) {
            ready.add(b); // as Promtail: the entry that does not fit starts the next batch
            b = null;
        }
        if (b == null) {
            b = new Batch(tenant, nowNanos, pool);
            open.put(tenant, b);
            deadlineMoved = true;
        }
        long added = b.add(labels, entry, bodySize, token);
        if (b.sizeBytes() >= batchSizeBytes) {
            ready.add(b);
            open.remove(tenant);
            deadlineMoved = true;
        }
        return added;
    }

    /**
     * True when an add since the last call may have moved {@link #nextDeadline()} (a batch was
     * started or became ready), so the caller need not recompute it for every entry. Clears the flag.
     */
    boolean takeDeadlineMoved() {
        boolean moved = deadlineMoved;
        deadlineMoved = false;
        return moved;
    }

    /** The next batch to send at {@code nowNanos}, or null: full batches first, then those past batch_wait. */
    Batch poll(long nowNanos) {
        Batch b = ready.poll();
        if (b != null) {
            return b;
        }
        Iterator<Batch> it = open.values().iterator();
        Batch oldest = null;
        while (it.hasNext()) {
            Batch candidate = it.next();
            if (nowNanos - candidate.createdNanos >= batchWaitNanos
                    && (oldest == null || candidate.createdNanos < oldest.createdNanos)) {
                oldest = candidate;
            }
        }
        if (oldest != null) {
            open.remove(oldest.tenant);
        }
        return oldest;
    }

    /** Any batch at all, full or not: used when shutting down. */
    Batch pollAny() {
        Batch b = ready.poll();
        if (b != null) {
            return b;
        }
        Iterator<Batch> it = open.values().iterator();
        if (it.hasNext()) {
            b = it.next();
            it.remove();
        }
        return b;
    }

    /** When the oldest open batch becomes due (nanos, same clock as {@code add}); Long.MAX_VALUE if none. */
    long nextDeadline() {
        if (!ready.isEmpty()) {
            return Long.MIN_VALUE;
        }
        long deadline = Long.MAX_VALUE;
        for (Batch b : open.values()) {
            deadline = Math.min(deadline, b.createdNanos + batchWaitNanos);
        }
        return deadline;
    }

    boolean isEmpty() {
        return ready.isEmpty() && open.isEmpty();
    }
}
