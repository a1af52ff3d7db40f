package dev.ferry.e2e.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.e2e.FerryProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 MiB pino line with {@code limits.max_line_size: 64KiB}: the agent parses it whole (its level
 * becomes a label, its time the entry's time), then cuts the line with the documented marker, and
 * Loki gets the same entry {@code ferry process} shows for that line.
 */
@Tag("reliability")
@ExtendWith(SharedLoki.class)
class OversizedLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LINE_SIZE = 64 * 1024;
    private static final int PAYLOAD = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aOneMebibyteJsonLineReachesLokiParsedAndCutWithTheMarkerAsFerryProcessShowsIt(LokiServer loki)
            throws Exception {
        try (AgentRun run = AgentRun.create(dir, "oversized", loki)) {
            long now = System.currentTimeMillis();
            String big = "{\"level\":50,\"time\":" + now + ",\"module\":\"upload\",\"msg\":\""
                    + SequencedLine.message(run.id, 0) + " request body follows\",\"body\":\""
                    + "abcdefghijklmnopqrstuvwxyz0123456789".repeat(PAYLOAD / 36) + "\"}";
            String small = "{\"level\":30,\"time\":" + (now + 1) + ",\"module\":\"upload\",\"msg\":\""
                    + SequencedLine.message(run.id, 1) + " done\"}";
            Path file = run.logs.resolve("upload.log");
            Files.write(file, List.of(big, small));
            Path bigOnly = Files.writeString(dir.resolve("big.line"), big + "\n");

            FerryProcess ferry = run.startReady("oversized.yaml");
            DeliveryReport report = run.awaitDelivered(2, Duration.ofSeconds(20), Duration.ofSeconds(1));
            List<LokiReader.Stored> stored = run.stored();
            assertThat(ferry.terminate()).as("exit code on SIGTERM").isZero();

            Map<String, String> labels = new LinkedHashMap<>(Map.of(
                    "namespace", "reliability",
                    "app", "api",
                    "service_name", "reliability/api",
                    "run", run.id,
                    "filename", file.toString()));
            List<String> processed = FerryProcess.runCommand(
                    List.of(
                            "process",
                            "--config",
                            AgentRun.config("oversized.yaml").toString(),
                            "--pipeline",
                            "big",
                            "--labels",
                            JSON.writeValueAsString(labels)),
                    bigOnly,
                    dir,
                    run.env());
            assertThat(processed)
                    .as("ferry process prints one entry for one line")
                    .hasSize(1);
            JsonNode expected = JSON.readTree(processed.get(0));
            System.out.println("[reliability] oversized line: " + report.describe() + "; stored labels "
                    + stored.stream().map(LokiReader.Stored::labels).toList());

            assertThat(report.exactlyOnce()).as(report.describe()).isTrue();
            LokiReader.Stored entry = stored.stream()
                    .filter(e -> SequencedLine.seqOf(run.id, e.line()).orElse(-1) == 0)
                    .findFirst()
                    .orElseThrow();
            assertThat(entry.labels())
                    .as("the level parsed from the 1 MiB line is a label, as ferry process shows")
                    .containsEntry("level", "error")
                    .isEqualTo(JSON.convertValue(expected.path("labels"), Map.class));
            assertThat(entry.metadata()).isEqualTo(JSON.convertValue(expected.path("structured_metadata"), Map.class));
            assertThat(entry.line())
                    .as("the line Loki stored is the one ferry process shows")
                    .isEqualTo(expected.path("line").asText());
            assertThat(entry.line().getBytes(StandardCharsets.UTF_8).length)
                    .as("cut to max_line_size")
                    .isLessThanOrEqualTo(MAX_LINE_SIZE);
            // INTEGRATOR: the marker's text is the fix's; whatever follows the kept start of the line
            // must be written in the README, so users can search for it
            String marker = entry.line().substring(commonPrefix(entry.line(), big));
            assertThat(marker).as("a marker follows the kept start of the line").isNotEmpty();
            assertThat(Files.readString(FerryProcess.root().resolve("README.md")))
                    .as("the truncation marker is documented")
                    .contains(marker.strip());
        }
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }
}
