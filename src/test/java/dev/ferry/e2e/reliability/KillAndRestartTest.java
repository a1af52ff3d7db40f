package dev.ferry.e2e.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.FerryProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent stopped while applications keep writing, then started again from its positions: with
 * SIGKILL (a crash, an OOM kill) it may repeat what was in flight, at most about one batch; with
 * SIGTERM (a rollout) it repeats nothing. Nothing is ever lost.
 */
@Tag("reliability")
@ExtendWith(SharedLoki.class)
class KillAndRestartTest {
    private static final int KILLS = 3;
    /**
     * Extra copies allowed per SIGKILL. Positions are saved at most 100 ms after Loki acknowledges a
     * batch, so what a kill can repeat is the batch in flight plus what was acknowledged in the last
     * 100 ms: about two batches of batch_wait 100 ms at 1,500 lines/s (~300 lines). The bound leaves
     * room for a slow disk on a loaded machine; before positions followed acks it was ~1,400.
     */
    private static final int DUPLICATES_PER_KILL = 500;

    private static final int LINES_PER_SECOND = 1500;
    /** Time for a started agent to catch up with what was written until it was ready. */
    private static final Duration CATCH_UP = Duration.ofSeconds(30);
    /** Lines this agent process must have had accepted by Loki before it is stopped: it is in full flow. */
    private static final long SENT_BEFORE_STOP = 600;

    @TempDir
    Path dir;

    @Test
    void killedThreeTimesWhileWritingItLosesNothingAndRepeatsAtMostABatchPerKill(LokiServer loki) throws Exception {
        try (AgentRun run = AgentRun.create(dir, "kill9", loki);
                PacedWriter writer = PacedWriter.start(run.id, files(run), LINES_PER_SECOND)) {
            List<Integer> writtenAtKill = new ArrayList<>();
            Random random = new Random(20260127);
            for (int kill = 0; kill < KILLS; kill++) {
                FerryProcess ferry = run.startReady("steady.yaml");
                run.awaitStored(lastOfEachFile(writer.written()), CATCH_UP);
                // steady state: the agent keeps up with the writers for a moment, then dies mid-flow
                Thread.sleep(1000 + random.nextInt(1500));
                ferry.kill();
                writtenAtKill.add(writer.written());
                run.note("SIGKILL " + (kill + 1) + " at " + writer.written() + " lines written");
            }
            FerryProcess last = run.startReady("steady.yaml");
            run.awaitStored(lastOfEachFile(writer.written()), CATCH_UP);
            int written = writer.stop();
            DeliveryReport report = run.awaitDelivered(
                    written, Duration.ofSeconds(45), Duration.ofSeconds(2), KILLS * DUPLICATES_PER_KILL);
            assertThat(last.terminate()).as("exit code on SIGTERM").isZero();

            List<String> perKill = new ArrayList<>();
            int from = 0;
            for (int kill = 0; kill < KILLS; kill++) {
                perKill.add("kill " + (kill + 1) + " (seqs " + from + "-" + (writtenAtKill.get(kill) - 1) + "): "
                        + report.duplicatesBetween(from, writtenAtKill.get(kill)) + " extra copies");
                from = writtenAtKill.get(kill);
            }
            perKill.add("after the last kill: " + report.duplicatesBetween(from, written) + " extra copies");
            String summary = report.describe() + "\n" + String.join("\n", perKill);
            System.out.println("[reliability] kill -9 x" + KILLS + ": " + summary);

            assertThat(report.missing())
                    .as("lines lost across %d SIGKILLs: %s", KILLS, summary)
                    .isEmpty();
            assertThat(report.unexpected()).as(summary).isEmpty();
            from = 0;
            for (int kill = 0; kill < KILLS; kill++) {
                assertThat(report.duplicatesBetween(from, writtenAtKill.get(kill)))
                        .as(
                                "extra copies of lines written before SIGKILL %d (at most one batch): %s",
                                kill + 1, summary)
                        .isLessThanOrEqualTo(DUPLICATES_PER_KILL);
                from = writtenAtKill.get(kill);
            }
            assertThat(report.duplicatesBetween(from, written))
                    .as("lines after the last kill are sent once: %s", summary)
                    .isZero();
        }
    }

    @Test
    void stoppedWithSigtermWhileWritingAndStartedAgainItLosesNothingAndRepeatsNothing(LokiServer loki)
            throws Exception {
        try (AgentRun run = AgentRun.create(dir, "sigterm", loki);
                PacedWriter writer = PacedWriter.start(run.id, files(run), LINES_PER_SECOND)) {
            FerryProcess first = run.startReady("steady.yaml");
            run.awaitSent(first, SENT_BEFORE_STOP);
            assertThat(first.terminate())
                    .as("exit code on SIGTERM%s", run.agentLogs())
                    .isZero();
            int writtenAtStop = writer.written();
            FerryProcess second = run.startReady("steady.yaml");
            run.awaitSent(second, SENT_BEFORE_STOP);
            int written = writer.stop();
            DeliveryReport report = run.awaitDelivered(written, Duration.ofSeconds(45), Duration.ofSeconds(2), 0);
            assertThat(second.terminate()).as("exit code on SIGTERM").isZero();
            String summary = report.describe() + " (SIGTERM when " + writtenAtStop + " lines were written)";
            System.out.println("[reliability] SIGTERM and restart: " + summary);

            assertThat(report.exactlyOnce())
                    .as("every line exactly once across a SIGTERM and a restart: %s", summary)
                    .isTrue();
        }
    }

    /** The last line written to each of the three files before {@code written}. */
    private static List<Integer> lastOfEachFile(int written) {
        return java.util.stream.IntStream.rangeClosed(written - 3, written - 1)
                .filter(seq -> seq >= 0)
                .boxed()
                .toList();
    }

    /** Two pino files and one Plex-style file, created empty before the agent's first start. */
    private static List<PacedWriter.Target> files(AgentRun run) throws IOException {
        return List.of(
                run.newLog("orders.json.log", SequencedLine.PINO),
                run.newLog("payments.json.log", SequencedLine.PINO),
                run.newLog("server.plex.log", SequencedLine.PLEX));
    }
}
