package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.loki.testing.FakeLoki;
import dev.ferry.loki.testing.FakeLoki.ReceivedEntry;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real agent, as a separate process, reading real files and pushing over real HTTP. */
class FerryRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path E2E_CONFIG = FerryProcess.root().resolve("src/test/resources/e2e/agent.yaml");

    @TempDir
    Path dir;

    @Test
    void theLocalExampleEchoesTheSampleLogsServesHttpAndExitsZeroOnSigterm() throws Exception {
        Path config = FerryProcess.root().resolve("examples/local.yaml");
        try (FerryProcess ferry = FerryProcess.start(
                config, dir, Map.of("FERRY_DATA_DIR", dir.resolve("data").toString()))) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> ferry.stdoutLines().size() >= 16);
            List<JsonNode> entries = new ArrayList<>();
            for (String line : ferry.stdoutLines()) {
                entries.add(JSON.readTree(line));
            }
            assertThat(entries).hasSize(16);
            assertThat(entries)
                    .extracting(e -> e.path("line").asText())
                    .contains("listening on :3000", "slow query", "Scanner: processing directory /data/movies")
                    .noneMatch(l -> l.contains("GET /health/readiness") || l.contains("GET /api/health/liveness"))
                    .anyMatch(
                            l -> l.startsWith("Error: connect ECONNREFUSED") && l.contains("\n    at async Repo.find"));
            JsonNode warn = entries.stream()
                    .filter(e ->
                            e.path("line").asText().equals("[Transcoder] Denying access to transcoder: not authorized"))
                    .findFirst()
                    .orElseThrow();
            assertThat(warn.path("labels").path("level").asText()).isEqualTo("warn");
            assertThat(warn.path("labels").has("filename")).isFalse();
            assertThat(warn.path("structured_metadata").path("filename").asText())
                    .endsWith("Plex Media Server.log");
            assertThat(warn.path("timestamp").asText()).isEqualTo("2026-01-27T12:39:49.002Z");

            await().until(() -> {
                HttpResponse<String> r = ferry.get("/ready");
                return r != null && r.statusCode() == 200;
            });
            assertThat(ferry.get("/healthy").statusCode()).isEqualTo(200);
            String metrics = ferry.get("/metrics").body();
            assertThat(metrics)
                    .contains("ferry_file_lines_read_total{source=\"api\"} 15.0")
                    .contains("jvm_memory_used_bytes")
                    .contains("ferry_positions_lag_bytes{source=\"api\"}")
                    .contains("ferry_pipeline_dropped_total");
            JsonNode status = JSON.readTree(ferry.get("/status").body());
            assertThat(status.path("sources")).hasSize(2);

            assertThat(ferry.terminate()).isEqualTo(0);
            assertThat(ferry.stderr()).contains("ferry stopped");
        }
        String positions = Files.readString(dir.resolve("data/positions.yaml"));
        long apiSize = Files.size(FerryProcess.root().resolve("examples/logs/api/api.log"));
        assertThat(positions).contains("position: " + apiSize);
    }

    @Test
    void shipsToLokiAndAfterARestartSendsOnlyWhatIsNew() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path app = logs.resolve("app.log");
        Files.writeString(app, """
                {"level":30,"time":1769517588421,"module":"http","msg":"one"}
                {"level":50,"time":1769517588422,"module":"db","msg":"two"}
                10.42.0.1 - - "GET /health/readiness HTTP/1.1" 200
                Error: boom
                    at a (a.js:1:1)
                {"level":30,"time":1769517588423,"module":"http","msg":"three"}
                """);
        try (FakeLoki loki = FakeLoki.start()) {
            Map<String, String> env = Map.of(
                    "FERRY_DATA_DIR", dir.resolve("data").toString(),
                    "E2E_LOGS", logs.toString(),
                    "LOKI_URL", loki.pushUrl());
            try (FerryProcess ferry = FerryProcess.start(E2E_CONFIG, dir, env)) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> loki.acceptedEntries().size() >= 4);
                assertThat(loki.acceptedEntries())
                        .extracting(ReceivedEntry::line)
                        .containsExactly("one", "two", "Error: boom\n    at a (a.js:1:1)", "three");
                ReceivedEntry two = loki.acceptedEntries().get(1);
                assertThat(two.labels())
                        .isEqualTo("{app=\"api\", filename=\"" + app
                                + "\", level=\"error\", namespace=\"e2e\", service_name=\"e2e/api\"}");
                assertThat(two.metadata()).isEqualTo(Map.of("msg", "two", "module", "db"));
                assertThat(ferry.stdoutLines()).isEmpty(); // echo: auto is off when Loki is configured
                assertThat(ferry.terminate()).isEqualTo(0);
            }
            Files.writeString(
                    app, "{\"level\":40,\"time\":1769517588424,\"msg\":\"four\"}\n", StandardOpenOption.APPEND);
            try (FerryProcess ferry = FerryProcess.start(E2E_CONFIG, dir, env)) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> loki.acceptedEntries().size() >= 5);
                assertThat(ferry.terminate()).isEqualTo(0);
            }
            // everything acknowledged before the first stop is not sent again
            assertThat(loki.acceptedEntries())
                    .extracting(ReceivedEntry::line)
                    .containsExactly("one", "two", "Error: boom\n    at a (a.js:1:1)", "three", "four");
        }
    }

    @Test
    void withLokiNotAnsweringAndTheBufferFullSigtermStillDrainsAndSavesNothingUnsent() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            lines.append("plain line number ").append(i).append(" with some padding to make it longer\n");
        }
        Files.writeString(logs.resolve("app.log"), lines);
        try (FakeLoki loki = FakeLoki.start()) {
            loki.answerByDefault(FakeLoki.Answer.when(new java.util.concurrent.CompletableFuture<>())); // never
            Map<String, String> env = Map.of(
                    "FERRY_DATA_DIR", dir.resolve("data").toString(),
                    "E2E_LOGS", logs.toString(),
                    "LOKI_URL", loki.pushUrl(),
                    "E2E_BATCH_SIZE", "16KiB",
                    "E2E_MAX_BUFFERED", "64KiB",
                    "E2E_REMOTE_TIMEOUT", "60s",
                    "E2E_SHUTDOWN_TIMEOUT", "2s");
            try (FerryProcess ferry = FerryProcess.start(E2E_CONFIG, dir, env)) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> !loki.requests().isEmpty());
                await().until(() -> {
                    HttpResponse<String> r = ferry.get("/metrics");
                    return r != null && r.body().contains("ferry_loki_buffered_bytes{endpoint=\"default\"}");
                });
                long started = System.nanoTime();
                assertThat(ferry.terminate()).isEqualTo(0);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
                assertThat(ferry.stderr()).contains("ferry stopped");
            }
            // Loki acknowledged nothing: no position may have moved past the start of the file
            String positions = Files.readString(dir.resolve("data/positions.yaml"));
            assertThat(positions).doesNotContainPattern("position: [1-9]");
        }
    }

    @Test
    void aBadConfigPrintsEveryErrorWithItsLocationAndExitsOne() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                loki:
                  - url: ftp://nowhere
                sources:
                  - name: app
                    pipeline: missing
                    file: {paths: [/tmp/*.log]}
                pipelines:
                  default:
                    - regex: {expression: '(unclosed'}
                    - json: {expresions: {a: a}}
                """);
        try (FerryProcess ferry = FerryProcess.start(bad, dir, Map.of("FERRY_DATA_DIR", dir.toString()))) {
            assertThat(ferry.waitForExit()).isEqualTo(1);
            String err = ferry.stderr();
            assertThat(err)
                    .contains(bad + ":2:")
                    .contains("pipeline 'missing' is not defined")
                    .contains("stage 1 (regex)")
                    .contains("stage 2 (json)")
                    .contains("nothing was started");
        }
    }
}
