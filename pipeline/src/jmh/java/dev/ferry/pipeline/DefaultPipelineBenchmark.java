package dev.ferry.pipeline;

import dev.ferry.loki.Labels;
import dev.ferry.loki.LogEntry;
import dev.ferry.pipeline.config.ConfigProblems;
import dev.ferry.pipeline.stage.PipelinesLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The user's {@code default} pipeline (as in examples/seed.yaml) over a realistic mix of container output. Per 100 events: 70
 * pino JSON lines (~200 bytes), 20 plain-text lines (HTTP access lines, CronJob output), 5 health
 * checks (dropped), 5 six-line stack traces (joined); that is 125 input lines. Throughput is input
 * lines per second; each line is made into an {@link Entry} as a source would, and each output entry
 * is turned into {@link Labels} and a {@link LogEntry} as the agent does.
 *
 * <pre>
 * mvn -B -o -q -pl pipeline test-compile
 * mvn -o -q -pl pipeline dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp pipeline/target/test-classes:pipeline/target/classes:$(cat /tmp/cp.txt) \
 *     org.openjdk.jmh.Main DefaultPipelineBenchmark -f 1 -wi 2 -i 3 -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DefaultPipelineBenchmark {
    static final String CONFIG = """
            pipelines:
              default:
                - multiline: {firstline: '^(\\{|\\S)', max_wait_time: 3s, max_lines: 128}
                - drop: {expression: '.*GET /(api/)?health/(readiness|liveness).*'}
                - json: {expressions: {level: level, msg: msg, module: module, time: time}}
                - map: {source: level, preset: pino_levels}
                - timestamp: {source: time, format: UnixMs, action_on_failure: skip}
                - output: {source: msg}
                - labels: {values: {level: ""}}
                - structured_metadata: {values: {msg: "", module: ""}}
            """;
    static final int LINES = 12_500;

    private static final Labels STREAM = Labels.of(
            "namespace",
            "tinkerbell-prod",
            "pod",
            "app-7d9f8c-x2k4p",
            "container",
            "app",
            "app",
            "app",
            "service_name",
            "tinkerbell-prod/app");

    private String[] lines;
    private Pipeline pipeline;
    private Blackhole blackhole;
    private long tick;

    @Setup
    public void setUp(Blackhole bh) {
        blackhole = bh;
        lines = mix(new Random(42));
        PipelineSpec spec = PipelinesLoader.parse("bench.yaml", CONFIG, new ConfigProblems())
                .get("default");
        Pipeline[] self = new Pipeline[1];
        pipeline = new PipelineFactory(spec, new SimpleMeterRegistry(), TimeSource.SYSTEM, MaxLineSize.UNLIMITED)
                .newPipeline((token, outcome) -> bh.consume(token), e -> {
                    bh.consume(self[0].labelsOf(e));
                    bh.consume(e.toLogEntry());
                });
        self[0] = pipeline;
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void defaultPipeline() {
        Pipeline p = pipeline;
        String[] ls = lines;
        for (int i = 0; i < ls.length; i++) {
            p.process(new Entry("app-7d9f8c-x2k4p/app", STREAM, ++tick, ls[i], null));
        }
        p.flush();
    }

    static String[] mix(Random r) {
        String[] modules = {"readability", "db", "cache", "http", "auth", "scheduler"};
        String[] msgs = {
            "fetched article from upstream",
            "query completed",
            "cache miss, loading from store",
            "request completed",
            "token refreshed for session",
            "job finished without errors",
            "user preferences saved"
        };
        String[] paths = {"/api/items?page=2", "/api/articles/8f3a2c", "/static/app.js", "/api/users/me", "/feed.xml"};
        List<String> out = new ArrayList<>(LINES);
        while (out.size() < LINES) {
            int k = r.nextInt(100);
            if (k < 70) {
                out.add("{\"level\":" + (10 * (2 + r.nextInt(4))) + ",\"time\":" + (1769517588421L + out.size())
                        + ",\"pid\":1,\"hostname\":\"app-7d9f8c-x2k4p\",\"module\":\""
                        + modules[r.nextInt(modules.length)]
                        + "\",\"reqId\":\"req-" + r.nextInt(100000) + "\",\"msg\":\"" + msgs[r.nextInt(msgs.length)]
                        + "\",\"durationMs\":" + r.nextInt(5000) + "}");
            } else if (k < 90) {
                out.add("10.42.0." + r.nextInt(255) + " - - [27/Jan/2026:12:39:48 +0000] \"GET "
                        + paths[r.nextInt(paths.length)] + " HTTP/1.1\" 200 " + r.nextInt(10000)
                        + " \"-\" \"Mozilla/5.0\"");
            } else if (k < 95) {
                out.add("GET /" + (r.nextBoolean() ? "api/" : "") + "health/"
                        + (r.nextBoolean() ? "readiness" : "liveness") + " 200 " + r.nextInt(3) + "." + r.nextInt(1000)
                        + " ms - 15");
            } else {
                out.add("Error: connect ECONNREFUSED 10.43.12.7:5432");
                out.add("    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)");
                out.add("    at Client._connect (/app/node_modules/pg/lib/client.js:132:11)");
                out.add("    at Pool.connect (/app/node_modules/pg-pool/index.js:45:12)");
                out.add("    at async Store.load (/app/dist/store.js:88:20)");
                out.add("    at async Scheduler.run (/app/dist/scheduler.js:41:7)");
            }
        }
        return out.subList(0, LINES).toArray(new String[0]);
    }
}
