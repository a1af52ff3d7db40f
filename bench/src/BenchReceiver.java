import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import org.xerial.snappy.Snappy;

/**
 * A Loki push endpoint for Ferry's end-to-end benchmark: snappy-decodes every push, walks the protobuf
 * by hand (no generated classes, no objects per entry) to count streams, entries and line bytes, and
 * answers 204. Counts are served as text at {@code GET /stats}; {@code GET /series} gives one line per
 * push ({@code epoch_ms cumulative_entries}) so the caller can time any part of a run.
 *
 * <p>{@code GET /watch?pid=N} names the sender's process: the receiver then reads its CPU time
 * (utime + stime from /proc/N/stat) when the first push arrives ({@code first_push_cpu_ticks} in the
 * stats). {@code GET /latency?start} starts recording, for every entry received after it, arrival
 * time minus the entry's timestamp; {@code GET /latency} reports their percentiles in milliseconds.
 *
 * <pre>
 *   java -cp CLASSES:SNAPPY_JAR BenchReceiver [--port 0] [--port-file FILE]
 * </pre>
 */
public final class BenchReceiver {
    private long pushes;
    private long badPushes;
    private long entries;
    private long multilineEntries;
    private long lineBytes;
    private long compressedBytes;
    private long uncompressedBytes;
    private long metadataPairs;
    private long firstPushMs;
    private long lastPushMs;
    private volatile long watchedPid;
    private long firstPushCpuTicks = -1;
    private boolean recordLatency;
    private long[] latencyMicros = new long[1024];
    private int latencySize;
    private long[] seriesMs = new long[4096];
    private long[] seriesEntries = new long[4096];
    private int seriesSize;
    /** Entries per stream label set ({@code {app="api", level="info", ...}}). */
    private final Map<String, long[]> perStream = new TreeMap<>();

    public static void main(String[] args) throws IOException {
        int port = 0;
        Path portFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--port-file" -> portFile = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: BenchReceiver [--port P] [--port-file FILE]");
                    System.exit(2);
                }
            }
        }
        BenchReceiver receiver = new BenchReceiver();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/loki/api/v1/push", receiver::push);
        server.createContext("/stats", ex -> receiver.reply(ex, 200, receiver.stats()));
        server.createContext("/series", ex -> receiver.reply(ex, 200, receiver.series()));
        server.createContext("/watch", ex -> {
            String q = ex.getRequestURI().getQuery();
            receiver.watchedPid = q != null && q.startsWith("pid=") ? Long.parseLong(q.substring(4)) : 0;
            receiver.reply(ex, 200, "watching pid " + receiver.watchedPid + "\n");
        });
        server.createContext("/latency", ex -> {
            String q = ex.getRequestURI().getQuery();
            receiver.reply(ex, 200, "start".equals(q) ? receiver.startLatency() : receiver.latency());
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        int bound = server.getAddress().getPort();
        if (portFile != null) {
            Files.writeString(portFile, Integer.toString(bound));
        }
        System.out.println("BenchReceiver listening on http://127.0.0.1:" + bound + "/loki/api/v1/push");
    }

    private void push(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        byte[] raw;
        try {
            raw = Snappy.uncompress(body);
        } catch (IOException e) {
            synchronized (this) {
                badPushes++;
            }
            reply(ex, 400, "bench receiver: body is not snappy: " + e.getMessage() + "\n");
            return;
        }
        Counts c = new Counts();
        c.latencyBaseNanos = recordLatency ? System.currentTimeMillis() * 1_000_000L : Long.MIN_VALUE;
        try {
            parsePushRequest(raw, c);
        } catch (RuntimeException e) {
            synchronized (this) {
                badPushes++;
            }
            reply(ex, 400, "bench receiver: body is not a PushRequest: " + e + "\n");
            return;
        }
        long now = System.currentTimeMillis();
        synchronized (this) {
            pushes++;
            entries += c.entries;
            multilineEntries += c.multiline;
            lineBytes += c.lineBytes;
            metadataPairs += c.metadata;
            compressedBytes += body.length;
            uncompressedBytes += raw.length;
            if (firstPushMs == 0) {
                firstPushMs = now;
                firstPushCpuTicks = watchedPid > 0 ? cpuTicks(watchedPid) : -1;
            }
            if (recordLatency) {
                for (int i = 0; i < c.latencySize; i++) {
                    if (latencySize == latencyMicros.length) {
                        latencyMicros = java.util.Arrays.copyOf(latencyMicros, latencySize * 2);
                    }
                    latencyMicros[latencySize++] = c.latencyMicros[i];
                }
            }
            lastPushMs = now;
            if (seriesSize == seriesMs.length) {
                seriesMs = java.util.Arrays.copyOf(seriesMs, seriesSize * 2);
                seriesEntries = java.util.Arrays.copyOf(seriesEntries, seriesSize * 2);
            }
            seriesMs[seriesSize] = now;
            seriesEntries[seriesSize] = entries;
            seriesSize++;
            for (int i = 0; i < c.streams; i++) {
                perStream.computeIfAbsent(c.labels[i], k -> new long[1])[0] += c.streamEntries[i];
            }
        }
        ex.sendResponseHeaders(204, -1);
        ex.close();
    }

    /** What one push held. */
    private static final class Counts {
        int streams;
        String[] labels = new String[64];
        long[] streamEntries = new long[64];
        long entries;
        long multiline;
        long lineBytes;
        long metadata;
        long latencyBaseNanos; // arrival time (epoch ns) when latency is recorded, else Long.MIN_VALUE
        long[] latencyMicros = new long[64];
        int latencySize;
    }

    // Protobuf wire format: tag = field << 3 | type; type 0 varint, 2 length-delimited.
    private static void parsePushRequest(byte[] b, Counts c) {
        int[] pos = {0};
        while (pos[0] < b.length) {
            int tag = (int) varint(b, pos);
            if (tag == (1 << 3 | 2)) {
                int len = (int) varint(b, pos);
                parseStream(b, pos[0], pos[0] + len, c);
                pos[0] += len;
            } else {
                skip(b, pos, tag & 7);
            }
        }
    }

    private static void parseStream(byte[] b, int from, int to, Counts c) {
        int[] pos = {from};
        String labels = "";
        long n = 0;
        while (pos[0] < to) {
            int tag = (int) varint(b, pos);
            if (tag == (1 << 3 | 2)) {
                int len = (int) varint(b, pos);
                labels = new String(b, pos[0], len, StandardCharsets.UTF_8);
                pos[0] += len;
            } else if (tag == (2 << 3 | 2)) {
                int len = (int) varint(b, pos);
                parseEntry(b, pos[0], pos[0] + len, c);
                pos[0] += len;
                n++;
            } else {
                skip(b, pos, tag & 7);
            }
        }
        if (c.streams == c.labels.length) {
            c.labels = java.util.Arrays.copyOf(c.labels, c.streams * 2);
            c.streamEntries = java.util.Arrays.copyOf(c.streamEntries, c.streams * 2);
        }
        c.labels[c.streams] = labels;
        c.streamEntries[c.streams] = n;
        c.streams++;
        c.entries += n;
    }

    private static void parseEntry(byte[] b, int from, int to, Counts c) {
        int[] pos = {from};
        while (pos[0] < to) {
            int tag = (int) varint(b, pos);
            if (tag == (1 << 3 | 2) && c.latencyBaseNanos != Long.MIN_VALUE) {
                int len = (int) varint(b, pos);
                long entryNanos = timestampNanos(b, pos[0], pos[0] + len);
                if (c.latencySize == c.latencyMicros.length) {
                    c.latencyMicros = java.util.Arrays.copyOf(c.latencyMicros, c.latencySize * 2);
                }
                c.latencyMicros[c.latencySize++] = (c.latencyBaseNanos - entryNanos) / 1000;
                pos[0] += len;
            } else if (tag == (2 << 3 | 2)) {
                int len = (int) varint(b, pos);
                c.lineBytes += len;
                for (int i = pos[0], end = pos[0] + len; i < end; i++) {
                    if (b[i] == '\n') {
                        c.multiline++;
                        break;
                    }
                }
                pos[0] += len;
            } else if (tag == (3 << 3 | 2)) {
                c.metadata++;
                skip(b, pos, 2);
            } else {
                skip(b, pos, tag & 7);
            }
        }
    }

    /** A google.protobuf.Timestamp (1: seconds, 2: nanos) in b[from, to) as epoch nanoseconds. */
    private static long timestampNanos(byte[] b, int from, int to) {
        int[] pos = {from};
        long seconds = 0;
        long nanos = 0;
        while (pos[0] < to) {
            int tag = (int) varint(b, pos);
            if (tag == (1 << 3)) {
                seconds = varint(b, pos);
            } else if (tag == (2 << 3)) {
                nanos = varint(b, pos);
            } else {
                skip(b, pos, tag & 7);
            }
        }
        return seconds * 1_000_000_000L + nanos;
    }

    /** utime + stime of process {@code pid} in clock ticks, or -1. */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of stat(5)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private synchronized String startLatency() {
        recordLatency = true;
        latencySize = 0;
        return "recording latency\n";
    }

    /** Percentiles of the recorded latencies (nearest rank), in milliseconds. */
    private synchronized String latency() {
        long[] sorted = java.util.Arrays.copyOf(latencyMicros, latencySize);
        java.util.Arrays.sort(sorted);
        StringBuilder sb = new StringBuilder();
        sb.append("latency_count=").append(sorted.length).append('\n');
        for (double p : new double[] {50, 90, 99, 100}) {
            long v = sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(p / 100 * sorted.length) - 1)];
            sb.append("latency_p").append((int) p).append("_ms=").append(String.format("%.1f", v / 1000.0)).append('\n');
        }
        return sb.toString();
    }

    private static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte x = b[pos[0]++];
            v |= (long) (x & 0x7f) << shift;
            if (x >= 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("varint too long at " + pos[0]);
    }

    private static void skip(byte[] b, int[] pos, int type) {
        switch (type) {
            case 0 -> varint(b, pos);
            case 1 -> pos[0] += 8;
            case 2 -> {
                int len = (int) varint(b, pos); // before reading pos[0]: varint moves it
                pos[0] += len;
            }
            case 5 -> pos[0] += 4;
            default -> throw new IllegalArgumentException("wire type " + type + " at " + pos[0]);
        }
        if (pos[0] > b.length) {
            throw new IllegalArgumentException("truncated message");
        }
    }

    private synchronized String stats() {
        StringBuilder sb = new StringBuilder();
        sb.append("pushes=").append(pushes).append('\n');
        sb.append("bad_pushes=").append(badPushes).append('\n');
        sb.append("entries=").append(entries).append('\n');
        sb.append("multiline_entries=").append(multilineEntries).append('\n');
        sb.append("line_bytes=").append(lineBytes).append('\n');
        sb.append("metadata_pairs=").append(metadataPairs).append('\n');
        sb.append("compressed_bytes=").append(compressedBytes).append('\n');
        sb.append("uncompressed_bytes=").append(uncompressedBytes).append('\n');
        sb.append("first_push_ms=").append(firstPushMs).append('\n');
        sb.append("last_push_ms=").append(lastPushMs).append('\n');
        sb.append("first_push_cpu_ticks=").append(firstPushCpuTicks).append('\n');
        sb.append("streams=").append(perStream.size()).append('\n');
        Map<String, Long> levels = new TreeMap<>();
        for (Map.Entry<String, long[]> e : perStream.entrySet()) {
            levels.merge(level(e.getKey()), e.getValue()[0], Long::sum);
        }
        for (Map.Entry<String, Long> e : levels.entrySet()) {
            sb.append("level_").append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        return sb.toString();
    }

    /** The value of {@code level="..."} in a label selector, or {@code none}. */
    private static String level(String selector) {
        int i = selector.indexOf("level=\"");
        if (i < 0) {
            return "none";
        }
        int end = selector.indexOf('"', i + 7);
        return end < 0 ? "none" : selector.substring(i + 7, end);
    }

    private synchronized String series() {
        StringBuilder sb = new StringBuilder(seriesSize * 24);
        for (int i = 0; i < seriesSize; i++) {
            sb.append(seriesMs[i]).append(' ').append(seriesEntries[i]).append('\n');
        }
        return sb.toString();
    }

    private void reply(HttpExchange ex, int status, String text) throws IOException {
        byte[] out = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, out.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(out);
        }
    }
}
