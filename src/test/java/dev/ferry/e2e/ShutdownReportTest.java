package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.loki.testing.FakeLoki;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the agent says when it stops with entries Loki never took. */
class ShutdownReportTest {
    private static final Path E2E_CONFIG = FerryProcess.root().resolve("src/test/resources/e2e/agent.yaml");

    @TempDir
    Path dir;

    @Test
    void theStopLineCountsEveryUndeliveredEntryInFlightBufferedOrHeld() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            lines.append("line ").append(i).append('\n');
        }
        Files.writeString(logs.resolve("app.log"), lines);
        try (FakeLoki loki = FakeLoki.start()) {
            loki.answerByDefault(FakeLoki.Answer.when(new CompletableFuture<>())); // never answers
            Map<String, String> env = Map.of(
                    "FERRY_DATA_DIR", dir.resolve("data").toString(),
                    "E2E_LOGS", logs.toString(),
                    "LOKI_URL", loki.pushUrl(),
                    "E2E_REMOTE_TIMEOUT", "60s",
                    "E2E_SHUTDOWN_TIMEOUT", "1s");
            try (FerryProcess ferry = FerryProcess.start(E2E_CONFIG, dir, env)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    HttpResponse<String> r = ferry.get("/metrics");
                    return r != null && r.body().contains("ferry_file_lines_read_total{source=\"app\"} 16.0");
                });
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> !loki.requests().isEmpty());

                assertThat(ferry.terminate()).isEqualTo(0);
                // a batch in flight, maybe one buffered behind it, and the last line held by multiline: all 16
                assertThat(ferry.stderr())
                        .contains("level=warn logger=Agent msg=\"ferry stopped; entries not delivered are"
                                + " reported failed and read again at the next start\" unsent=16\n");
            }
        }
    }
}
