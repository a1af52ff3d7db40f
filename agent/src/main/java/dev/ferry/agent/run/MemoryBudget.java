package dev.ferry.agent.run;

import dev.ferry.loki.LokiClientConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the Loki clients' memory bounds inside the JVM's heap: when Loki is down every client
 * fills to its {@code max_buffered_bytes}, and together they must leave room for everything else,
 * or the agent would die of OutOfMemoryError instead of pausing its sources.
 */
final class MemoryBudget {
    /**
     * The share of the maximum heap the clients' buffers may take together. A sixth: a full buffer
     * keeps more alive than the bytes it counts (each entry's ack token, each stream's objects per
     * batch), the rest of the agent lives in the old generation too, and each client also keeps up
     * to a quarter of its bound of spare chunks. With the image's 32 MiB heap, Loki down at 20k
     * lines/s over 200 files and the buffer full, a sixth (5.2 MiB) left 17 MiB of the heap live and
     * no full collection ran in 30 s; a quarter (7.8 MiB) left 22 MiB live and a full collection ran
     * every ~3 s, with that much less room for a Kubernetes source's caches.
     */
    static final double BUFFER_SHARE = 1.0 / 6;

    private MemoryBudget() {}

    /**
     * The configs, scaled down evenly when their bounds add up to more than the share of {@code
     * maxHeapBytes}. What was lowered is said in {@code warnings} when a user set a bound, in {@code
     * notes} when every bound is the default (the image's small heap lowers it on every start).
     */
    static List<LokiClientConfig> fit(
            List<LokiClientConfig> configs, long maxHeapBytes, List<String> warnings, List<String> notes) {
        long total = 0;
        for (LokiClientConfig c : configs) {
            total += c.maxBufferedBytes();
        }
        long budget = (long) (maxHeapBytes * BUFFER_SHARE);
        if (configs.isEmpty() || maxHeapBytes == Long.MAX_VALUE || total <= budget) {
            return configs;
        }
        double scale = (double) budget / total;
        boolean allDefault = true;
        for (LokiClientConfig c : configs) {
            allDefault &= c.maxBufferedBytes() == LokiClientConfig.DEFAULT_MAX_BUFFERED_BYTES;
        }
        List<String> said = allDefault ? notes : warnings;
        List<LokiClientConfig> out = new ArrayList<>(configs.size());
        for (LokiClientConfig c : configs) {
            LokiClientConfig scaled = c.withMaxBufferedBytes((long) (c.maxBufferedBytes() * scale));
            said.add("loki endpoint=" + c.name() + " max_buffered_bytes=" + mib(c.maxBufferedBytes())
                    + " lowered to " + mib(scaled.maxBufferedBytes())
                    + " because all endpoints' buffers must fit in a sixth of"
                    + " the JVM heap (max heap " + mib(maxHeapBytes) + "); raise -Xmx or lower max_buffered_bytes");
            out.add(scaled);
        }
        return out;
    }

    static String mib(long bytes) {
        // by hand: java.util.Formatter loads locale data, ~10 ms of start-up for one warning
        long tenths = Math.round(bytes * 10 / (1024.0 * 1024.0));
        return tenths / 10 + "." + tenths % 10 + "MiB";
    }
}
