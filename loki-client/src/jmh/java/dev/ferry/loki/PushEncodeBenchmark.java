package dev.ferry.loki;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Builds a 1 MiB batch of realistic lines (pino JSON, access logs, stack traces, Plex lines over 24
 * streams, some with structured metadata), then encodes and snappy-compresses it: the client's
 * per-batch work. One operation = one batch; MB/s = ops/s × {@link #BATCH_BYTES}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx512m", "--enable-native-access=ALL-UNNAMED"})
public class PushEncodeBenchmark {
    static final int BATCH_BYTES = 1024 * 1024;

    private final List<Labels> streams = new ArrayList<>();
    private final List<LogEntry> entries = new ArrayList<>();
    private final List<Labels> entryStreams = new ArrayList<>();
    private final PushRequestEncoder encoder = new PushRequestEncoder();
    private BatchBuilder builder;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(42);
        for (int i = 0; i < 24; i++) {
            streams.add(Labels.of(
                    "namespace",
                    i < 20 ? "apps" : "plex",
                    "app",
                    "service-" + i,
                    "pod",
                    "service-" + i + "-7d9f8b6c4-x" + i,
                    "container",
                    "main",
                    "level",
                    List.of("info", "warn", "error", "debug").get(i % 4),
                    "service_name",
                    "apps/service-" + i));
        }
        long t = 1_769_517_588_421_000_000L;
        int bytes = 0;
        while (bytes < BATCH_BYTES) {
            int kind = random.nextInt(100);
            String line;
            StructuredMetadata md = StructuredMetadata.EMPTY;
            if (kind < 70) {
                line = "{\"level\":30,\"time\":" + (t / 1_000_000) + ",\"pid\":1,\"hostname\":\"api-7d9f8b6c4-x2\","
                        + "\"module\":\"http\",\"reqId\":\"req-" + random.nextInt(100000)
                        + "\",\"msg\":\"request completed\",\"res\":{\"statusCode\":200},\"responseTime\":"
                        + random.nextInt(500) + "}";
                md = StructuredMetadata.of("msg", "request completed", "module", "http");
            } else if (kind < 90) {
                line = "10.42.0." + random.nextInt(255) + " - - [27/Jan/2026:12:39:48 +0000] \"GET /api/items/"
                        + random.nextInt(10000) + " HTTP/1.1\" 200 " + random.nextInt(5000) + " \"-\" \"Mozilla/5.0\"";
            } else if (kind < 95) {
                line =
                        "Error: connection refused\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)\n"
                                + "    at Pool.connect (/app/node_modules/pg-pool/index.js:45:11)\n"
                                + "    at Repo.find (/app/src/repo.js:12:5)\n    at async Handler.get (/app/src/handler.js:30:9)";
            } else {
                line =
                        "Jan 27, 2026 12:39:48.421 [0x7f3a9c0fe638] DEBUG - Request: [127.0.0.1:5678 (Loopback)] GET /identity ("
                                + random.nextInt(100) + " live) #" + random.nextInt(9999) + " GZIP Signed-in";
            }
            LogEntry e = new LogEntry(t, line, md);
            entries.add(e);
            entryStreams.add(streams.get(random.nextInt(streams.size())));
            bytes += e.sizeBytes();
            t += 1_000_000;
        }
        // as the client does: chunks come back to a pool once a batch is finished
        builder = new BatchBuilder(Integer.MAX_VALUE, Long.MAX_VALUE, new ChunkPool(4L << 20));
    }

    @Benchmark
    public int buildEncodeAndCompressOneMiB() throws IOException {
        for (int i = 0; i < entries.size(); i++) {
            builder.add("", entryStreams.get(i), entries.get(i), null, 0);
        }
        Batch batch = builder.pollAny();
        encoder.encode(batch);
        int compressed = encoder.compress();
        batch.releaseChunks();
        return compressed;
    }

    @Benchmark
    public int encodeOnly() {
        for (int i = 0; i < entries.size(); i++) {
            builder.add("", entryStreams.get(i), entries.get(i), null, 0);
        }
        Batch batch = builder.pollAny();
        int length = encoder.encode(batch);
        batch.releaseChunks();
        return length;
    }
}
