package dev.ferry.loki;

import java.util.ArrayDeque;

/**
 * Byte chunks that waiting batches encode their entries into ({@link StreamEntries}), taken back
 * once a batch is finished and handed out again, up to a bound. In steady flow batches then allocate
 * no chunks at all, and a pooled chunk, once old, is never copied by a young collection again.
 * Sizes are powers of two from {@link #MIN_CHUNK} to {@link #MAX_CHUNK}; larger ones are not kept.
 * Not thread-safe: the client uses it under its lock.
 */
final class ChunkPool {
    static final int MIN_CHUNK = 512;
    static final int MAX_CHUNK = 32 * 1024;
    private static final int MIN_SHIFT = Integer.numberOfTrailingZeros(MIN_CHUNK);
    private static final int CLASSES = Integer.numberOfTrailingZeros(MAX_CHUNK) - MIN_SHIFT + 1;

    /** A pool that keeps nothing: every chunk is allocated and left to the collector. */
    static final ChunkPool NONE = new ChunkPool(0);

    private final long maxPooledBytes;
    private final ArrayDeque<byte[]>[] free;
    private long pooledBytes;

    @SuppressWarnings("unchecked")
    ChunkPool(long maxPooledBytes) {
        this.maxPooledBytes = maxPooledBytes;
        this.free = new ArrayDeque[CLASSES];
        for (int i = 0; i < CLASSES; i++) {
            free[i] = new ArrayDeque<>();
        }
    }

    /** The chunk size for at least {@code bytes}: the next power of two from MIN_CHUNK, or exactly {@code bytes} past MAX_CHUNK. */
    static int chunkSize(int bytes) {
        if (bytes <= MIN_CHUNK) {
            return MIN_CHUNK;
        }
        if (bytes > MAX_CHUNK) {
            return bytes;
        }
        return Integer.highestOneBit(bytes - 1) << 1;
    }

    /** A chunk of {@code size} bytes, which {@link #chunkSize} gave: a pooled one when there is one. */
    byte[] take(int size) {
        int c = sizeClass(size);
        if (c >= 0) {
            byte[] chunk = free[c].poll();
            if (chunk != null) {
                pooledBytes -= chunk.length;
                return chunk;
            }
        }
        return new byte[size];
    }

    /** Takes back a chunk no batch uses any more; kept if its size is pooled and the bound allows. */
    void give(byte[] chunk) {
        int c = sizeClass(chunk.length);
        if (c >= 0 && pooledBytes + chunk.length <= maxPooledBytes) {
            free[c].push(chunk);
            pooledBytes += chunk.length;
        }
    }

    long pooledBytes() {
        return pooledBytes;
    }

    private static int sizeClass(int size) {
        if (size < MIN_CHUNK || size > MAX_CHUNK || Integer.bitCount(size) != 1) {
            return -1;
        }
        return Integer.numberOfTrailingZeros(size) - MIN_SHIFT;
    }
}
