package dev.ferry.e2e.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.FerryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes where Loki refuses part of what it is sent (Loki answers 400 and stores the rest): the
 * agent's counts of sent and rejected entries must match what Loki really stored, and a label value
 * too long for Loki must not cost the line.
 */
@Tag("reliability")
@ExtendWith(SharedLoki.class)
class LokiRejectionTest {
    /** Loki's default {@code max_label_value_length}. */
    private static final int LOKI_MAX_LABEL_VALUE_LENGTH = 2048;

    private static final int LINES = 300;
    /** Loki refuses entries more than {@code creation_grace_period} (1 h in the test config) ahead of now. */
    private static final Duration TOO_FAR_AHEAD = Duration.ofHours(2);

    @TempDir
    Path dir;

    @Test
    void whenLokiRefusesOneStreamOfAPushTheSentAndRejectedCountsMatchWhatLokiStored(LokiServer loki) throws Exception {
        try (AgentRun run = AgentRun.create(dir, "partial", loki)) {
            // every third line warns and is stamped two hours ahead: its stream {level="warn"} is refused
            long now = System.currentTimeMillis();
            StringBuilder lines = new StringBuilder();
            int refused = 0;
            for (int seq = 0; seq < LINES; seq++) {
                boolean future = seq % 3 == 0;
                refused += future ? 1 : 0;
                lines.append("{\"level\":")
                        .append(future ? 40 : 30)
                        .append(",\"time\":")
                        .append(future ? now + TOO_FAR_AHEAD.toMillis() : now + seq)
                        .append(",\"module\":\"orders\",\"msg\":\"")
                        .append(SequencedLine.message(run.id, seq))
                        .append("\"}\n");
            }
            Path file = run.logs.resolve("orders.log");
            Files.writeString(file, lines); // all there before the start: the first push holds both streams
            int accepted = LINES - refused;

            FerryProcess ferry = run.startReady("pino.yaml");
            AgentMetrics metrics = awaitSettled(ferry, LINES);
            DeliveryReport report = run.awaitDelivered(LINES, Duration.ofSeconds(5), Duration.ofSeconds(1));
            long stored = LINES - report.missingCount() + report.duplicateCount();
            long sent = metrics.count(AgentMetrics.SENT);
            long rejected = metrics.count(AgentMetrics.REJECTED);
            String summary = "Loki stored " + stored + " of " + LINES + " (" + report.describe() + "); the agent says "
                    + sent + " sent, " + rejected + " rejected, " + metrics.count(AgentMetrics.FAILED) + " failed";
            System.out.println("[reliability] partial rejection: " + summary);
            assertThat(ferry.terminate()).as("exit code on SIGTERM").isZero();

            // the premise: Loki really stored the accepted stream and refused the other
            assertThat(report.missing())
                    .as("Loki refused exactly the lines stamped ahead: %s", summary)
                    .allMatch(seq -> seq % 3 == 0)
                    .hasSize(refused);
            assertThat(sent)
                    .as("entries the agent counts as sent = entries Loki stored: %s", summary)
                    .isEqualTo(stored)
                    .isEqualTo(accepted);
            assertThat(rejected)
                    .as("entries the agent counts as rejected = entries Loki refused: %s", summary)
                    .isEqualTo(refused);
            assertThat(run.savedPositions())
                    .as("every line settled, so the position is at the end of the file")
                    .containsEntry(file.toString(), Files.size(file));
        }
    }

    @Test
    void aPinoLevelOfSeventyThousandCharactersPromotedToALabelStillGetsTheLineStored(LokiServer loki) throws Exception {
        try (AgentRun run = AgentRun.create(dir, "label", loki)) {
            long now = System.currentTimeMillis();
            String hugeLevel = "x".repeat(70_000);
            List<String> lines = List.of(
                    pino(30, now, SequencedLine.message(run.id, 0)),
                    pino("\"" + hugeLevel + "\"", now + 1, SequencedLine.message(run.id, 1) + " with a huge level"),
                    pino(30, now + 2, SequencedLine.message(run.id, 2)));
            Files.write(run.logs.resolve("orders.log"), lines);

            FerryProcess ferry = run.startReady("pino.yaml");
            awaitSettled(ferry, lines.size());
            DeliveryReport report = run.awaitDelivered(lines.size(), Duration.ofSeconds(5), Duration.ofSeconds(1));
            List<LokiReader.Stored> stored = run.stored();
            assertThat(ferry.terminate()).as("exit code on SIGTERM").isZero();
            System.out.println("[reliability] 70,000-character label: " + report.describe());

            assertThat(report.exactlyOnce())
                    .as("every line stored once, the one with the huge level too: %s", report.describe())
                    .isTrue();
            // INTEGRATOR: how the value is made to fit (cut, hashed, moved to metadata) is the fix's to
            // document; Loki only takes values up to its limit
            assertThat(stored)
                    .filteredOn(e -> SequencedLine.seqOf(run.id, e.line()).orElse(-1) == 1)
                    .singleElement()
                    .satisfies(e -> assertThat(e.labels().getOrDefault("level", ""))
                            .hasSizeLessThanOrEqualTo(LOKI_MAX_LABEL_VALUE_LENGTH));
        }
    }

    private static String pino(Object level, long time, String msg) {
        return "{\"level\":" + level + ",\"time\":" + time + ",\"module\":\"orders\",\"msg\":\"" + msg + "\"}";
    }

    /** Waits until the agent has settled {@code lines} entries with Loki (sent, rejected or failed). */
    private static AgentMetrics awaitSettled(FerryProcess ferry, int lines) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            AgentMetrics m = AgentMetrics.of(ferry);
            long settled = m.count(AgentMetrics.SENT) + m.count(AgentMetrics.REJECTED) + m.count(AgentMetrics.FAILED);
            if (settled >= lines || System.nanoTime() > deadline) {
                return m;
            }
            Thread.sleep(100); // polling the agent's metrics: there is nothing to await on
        }
    }
}
