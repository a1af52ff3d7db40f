package dev.ferry.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.loki.Labels;
import dev.ferry.loki.PushOutcome;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.FakeTime;
import dev.ferry.pipeline.MaxLineSize;
import dev.ferry.pipeline.Pipeline;
import dev.ferry.pipeline.PipelineFactory;
import dev.ferry.pipeline.PipelineSpec;
import dev.ferry.pipeline.config.ConfigProblems;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The user's {@code default} pipeline (their Alloy {@code loki.process "default"}, with pino level
 * names done by a {@code map} stage) on realistic container output. The {@code timestamp} stage
 * (pino's {@code time}) is not part of this test: entries keep their read time here.
 */
class DefaultPipelineTest {
    static final String CONFIG = """
            pipelines:
              default:
                - multiline:
                    firstline: '^(\\{|\\S)'
                    max_wait_time: 3s
                    max_lines: 128
                - drop:
                    expression: '.*GET /(api/)?health/(readiness|liveness).*'
                - json:
                    expressions: {level: level, msg: msg, module: module, time: time}
                - map: {source: level, preset: pino_levels}
                - output: {source: msg}
                - labels:
                    values: {level: ""}
                - structured_metadata:
                    values: {msg: "", module: ""}
            """;

    static final Labels STREAM = Labels.of(
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

    record Result(String line, Map<String, String> addedLabels, Map<String, String> metadata, List<Object> tokens) {}

    static PipelineSpec spec() {
        ConfigProblems problems = new ConfigProblems();
        PipelineSpec spec = PipelinesLoader.parse("seed.yaml", CONFIG, problems).get("default");
        assertThat(problems.all()).isEmpty();
        return spec;
    }

    @Test
    void processesPinoStackTracesAndHealthChecksAsTheUserIntends() {
        List<Entry> out = new ArrayList<>();
        List<Object> dropped = new ArrayList<>();
        Pipeline p = new PipelineFactory(spec(), new SimpleMeterRegistry(), new FakeTime(), MaxLineSize.UNLIMITED)
                .newPipeline(
                        (token, outcome) -> {
                            assertThat(outcome).isEqualTo(PushOutcome.DROPPED);
                            dropped.add(token);
                        },
                        out::add);
        String[] lines = {
            "{\"level\":30,\"time\":1769517588421,\"pid\":1,\"hostname\":\"app-7d9f8c-x2k4p\",\"module\":\"readability\",\"msg\":\"fetched article\",\"url\":\"https://example.com/a\"}",
            "GET /api/health/readiness 200 2.345 ms - 15",
            "GET /health/liveness 200 0.912 ms - 2",
            "GET /api/items?page=2 200 12.345 ms - 5120",
            "Error: connect ECONNREFUSED 127.0.0.1:5432",
            "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)",
            "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
            "{\"level\":50,\"time\":1769517588500,\"module\":\"db\",\"err\":{\"type\":\"Error\",\"message\":\"boom\"},\"msg\":\"query failed\"}",
            "{\"level\":35,\"time\":1769517588600,\"msg\":\"custom level\"}",
            "{\"level\":40,\"time\":1769517588700,\"module\":\"cache\"}",
            "{\"level\":\"info\",\"msg\":\"string level\"}",
            "{\"level\":30,\"req\":{\"method\":\"GET\",\"url\":\"/health/liveness\"},\"msg\":\"request completed\"}",
            "POST /health/readiness 405 0.2 ms - 0",
            "{\"level\":60,\"msg\":\"fatal: \\\"disk\\\" full\\n\",\"module\":\"fs\"}",
        };
        for (int i = 0; i < lines.length; i++) {
            p.process(new Entry("app-7d9f8c-x2k4p/app", STREAM, 1_000L + i, lines[i], "line" + (i + 1)));
        }
        p.flush();

        List<Result> results = out.stream()
                .map(e -> new Result(
                        e.line(),
                        added(e),
                        e.metadata().toMap(),
                        e.ackToken() instanceof dev.ferry.pipeline.JoinedToken j ? j.parts() : List.of(e.ackToken())))
                .toList();
        assertThat(results)
                .containsExactly(
                        new Result(
                                "fetched article",
                                Map.of("level", "info"),
                                Map.of("msg", "fetched article", "module", "readability"),
                                List.of("line1")),
                        new Result("GET /api/items?page=2 200 12.345 ms - 5120", Map.of(), Map.of(), List.of("line4")),
                        new Result(
                                "Error: connect ECONNREFUSED 127.0.0.1:5432\n"
                                        + "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)\n"
                                        + "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
                                Map.of(),
                                Map.of(),
                                List.of("line5", "line6", "line7")),
                        new Result(
                                "query failed",
                                Map.of("level", "error"),
                                Map.of("msg", "query failed", "module", "db"),
                                List.of("line8")),
                        new Result(
                                "custom level", Map.of("level", "35"), Map.of("msg", "custom level"), List.of("line9")),
                        new Result(
                                "{\"level\":40,\"time\":1769517588700,\"module\":\"cache\"}",
                                Map.of("level", "warn"),
                                Map.of("module", "cache"),
                                List.of("line10")),
                        new Result(
                                "string level",
                                Map.of("level", "info"),
                                Map.of("msg", "string level"),
                                List.of("line11")),
                        new Result(
                                "request completed",
                                Map.of("level", "info"),
                                Map.of("msg", "request completed"),
                                List.of("line12")),
                        new Result("POST /health/readiness 405 0.2 ms - 0", Map.of(), Map.of(), List.of("line13")),
                        new Result(
                                "fatal: \"disk\" full\n",
                                Map.of("level", "fatal"),
                                Map.of("msg", "fatal: \"disk\" full\n", "module", "fs"),
                                List.of("line14")));
        assertThat(dropped).containsExactly("line2", "line3");
        assertThat(p.labelsOf(out.get(0)))
                .isEqualTo(Labels.of(
                        "namespace",
                        "tinkerbell-prod",
                        "pod",
                        "app-7d9f8c-x2k4p",
                        "container",
                        "app",
                        "app",
                        "app",
                        "service_name",
                        "tinkerbell-prod/app",
                        "level",
                        "info"));
        assertThat(out.get(0).timestamp())
                .as("read time kept: the timestamp stage is not in this pipeline")
                .isEqualTo(1_000L);
    }

    private static Map<String, String> added(Entry e) {
        Map<String, String> labels = new java.util.TreeMap<>(e.labels().toMap());
        STREAM.toMap().forEach((k, v) -> labels.remove(k, v));
        return labels;
    }
}
