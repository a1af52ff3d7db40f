package dev.ferry.e2e.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.FerryProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Loki endpoints, one of which refuses every connection: the healthy one still gets every line
 * exactly once, also after the dead one has given up on its batches.
 */
@Tag("reliability")
@ExtendWith(SharedLoki.class)
class DeadEndpointTest {
    private static final int LINES_PER_SECOND = 1000;
    private static final Duration WRITING = Duration.ofSeconds(3);
    /** Watched after every line arrived: the dead endpoint gives up (2 retries, ≤ 0.5 s backoff) several times in it. */
    private static final Duration QUIET = Duration.ofSeconds(6);

    @TempDir
    Path dir;

    @Test
    void theHealthyLokiGetsEveryLineExactlyOnceWhileTheOtherEndpointRefusesConnections(LokiServer loki)
            throws Exception {
        try (AgentRun run = AgentRun.create(dir, "deadendpoint", loki)) {
            run.env("DEAD_LOKI_URL", "http://127.0.0.1:" + FerryProcess.freePort() + "/loki/api/v1/push");
            List<PacedWriter.Target> files = List.of(
                    run.newLog("orders.json.log", SequencedLine.PINO),
                    run.newLog("payments.json.log", SequencedLine.PINO));
            FerryProcess ferry = run.startReady("two-endpoints.yaml");
            int written;
            try (PacedWriter writer = PacedWriter.start(run.id, files, LINES_PER_SECOND)) {
                Thread.sleep(WRITING.toMillis()); // the applications' writing time
                written = writer.stop();
            }
            DeliveryReport report = run.awaitDelivered(written, Duration.ofSeconds(30), QUIET, 0);
            AgentMetrics metrics = AgentMetrics.of(ferry);
            String summary = report.describe() + "; healthy endpoint: " + metrics.count(AgentMetrics.SENT, "healthy")
                    + " sent; dead endpoint: " + metrics.count(AgentMetrics.FAILED, "dead") + " failed";
            ferry.terminate();
            System.out.println("[reliability] one dead endpoint: " + summary);

            assertThat(report.exactlyOnce())
                    .as("the healthy Loki has every line exactly once: %s", summary)
                    .isTrue();
        }
    }
}
