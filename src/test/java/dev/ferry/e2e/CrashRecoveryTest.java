package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.loki.testing.FakeLoki;
import dev.ferry.loki.testing.FakeLoki.ReceivedEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At-least-once across crashes: the agent is killed with SIGKILL (no shutdown) at random moments
 * while lines are being written, then restarted from its positions file. Every line must reach
 * Loki at least once, and no line below a saved position may be sent again.
 */
class CrashRecoveryTest {
    private static final Path E2E_CONFIG = FerryProcess.root().resolve("src/test/resources/e2e/agent.yaml");
    private static final Pattern POSITION = Pattern.compile("position: (\\d+)");

    @TempDir
    Path dir;

    @Test
    void killedAtRandomMomentsItLosesNothingAndRepeatsNothingItHadSaved() throws Exception {
        Random random = new Random(20260127);
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path app = logs.resolve("app.log");
        Files.createFile(app);
        int written = 0;
        List<String> lines = new ArrayList<>();
        try (FakeLoki loki = FakeLoki.start()) {
            Map<String, String> env = Map.of(
                    "FERRY_DATA_DIR", dir.resolve("data").toString(),
                    "E2E_LOGS", logs.toString(),
                    "LOKI_URL", loki.pushUrl());
            for (int round = 0; round < 4; round++) {
                try (FerryProcess ferry = FerryProcess.start(E2E_CONFIG, dir, env)) {
                    int requestsAtStart = loki.requests().size();
                    long savedAtStart = savedOffset();
                    long deadline = System.nanoTime()
                            + Duration.ofMillis(500 + random.nextInt(1500)).toNanos();
                    while (System.nanoTime() < deadline) {
                        StringBuilder chunk = new StringBuilder();
                        for (int i = 0; i < 50; i++) {
                            String line = String.format("line-%06d", written++);
                            lines.add(line);
                            chunk.append(line).append('\n');
                        }
                        Files.writeString(app, chunk, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                        Thread.sleep(random.nextInt(20)); // pacing the writer, not waiting for the agent
                    }
                    ferry.close(); // SIGKILL: no drain, no final save
                    assertNothingBelowRepeated(loki, requestsAtStart, savedAtStart);
                }
            }
            try (FerryProcess ferry = FerryProcess.start(E2E_CONFIG, dir, env)) {
                int requestsAtStart = loki.requests().size();
                long savedAtStart = savedOffset();
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> distinctLines(loki).keySet().containsAll(lines));
                assertThat(ferry.terminate()).isEqualTo(0);
                assertNothingBelowRepeated(loki, requestsAtStart, savedAtStart);
            }
            assertThat(distinctLines(loki).keySet()).containsAll(lines);
            assertThat(savedOffset()).isEqualTo(Files.size(app));
        }
    }

    /** Lines entirely below the offset saved when this run started must not arrive in this run. */
    private void assertNothingBelowRepeated(FakeLoki loki, int requestsAtStart, long savedAtStart) {
        long linesBelow = savedAtStart / ("line-000000".length() + 1);
        var requests = loki.requests();
        for (int r = requestsAtStart; r < requests.size(); r++) {
            if (requests.get(r).status() < 200 || requests.get(r).status() >= 300) {
                continue;
            }
            for (ReceivedEntry e : requests.get(r).entries()) {
                int n = Integer.parseInt(e.line().substring("line-".length()));
                assertThat(n)
                        .as("line %s was below the saved offset %d and was sent again", e.line(), savedAtStart)
                        .isGreaterThanOrEqualTo((int) linesBelow);
            }
        }
    }

    private static Map<String, Integer> distinctLines(FakeLoki loki) {
        Map<String, Integer> seen = new HashMap<>();
        for (ReceivedEntry e : loki.acceptedEntries()) {
            seen.merge(e.line(), 1, Integer::sum);
        }
        return seen;
    }

    private long savedOffset() throws IOException {
        Path positions = dir.resolve("data/positions.yaml");
        if (!Files.exists(positions)) {
            return 0;
        }
        Matcher m = POSITION.matcher(Files.readString(positions));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
