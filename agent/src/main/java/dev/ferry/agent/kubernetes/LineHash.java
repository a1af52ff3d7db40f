package dev.ferry.agent.kubernetes;

/** FNV-1a, 64 bits, over a line's bytes: identifies a line at a timestamp when a stream is replayed. */
final class LineHash {
    static final long SEED = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private LineHash() {}

    static long update(long hash, byte[] b, int from, int to) {
        long h = hash;
        for (int i = from; i < to; i++) {
            h ^= b[i] & 0xff;
            h *= PRIME;
        }
        return h;
    }

    static long of(byte[] b) {
        return update(SEED, b, 0, b.length);
    }
}
