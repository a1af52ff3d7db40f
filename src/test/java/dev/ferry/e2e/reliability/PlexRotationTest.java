package dev.ferry.e2e.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.FerryProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plex's log directory as the user tails it: {@code *.log} with the rotated names
 * {@code *.[0-9].log} excluded (examples/seed.yaml). Plex renames {@code X.log → X.1.log → … →
 * X.5.log}; its scanner writes a whole log and rotates it within ~50 ms, before any scan of the
 * directory can see the name {@code X.log}. Every line must arrive exactly once.
 */
@Tag("reliability")
@ExtendWith(SharedLoki.class)
class PlexRotationTest {
    private static final String SERVER = "Plex Media Server";
    private static final String SCANNER = "Plex Media Scanner";
    private static final int CHUNKS = 140;
    private static final int LINES_PER_CHUNK = 20;
    private static final Duration CHUNK_EVERY = Duration.ofMillis(50);
    /** The server log rotates every 35 chunks (700 lines): 3 renames, 4 files. */
    private static final int SERVER_ROTATES_EVERY = 35;
    /** A scanner log of 100 lines appears every 12 chunks (12 of them) and is renamed to .1.log at once. */
    private static final int SCANNER_EVERY = 12;

    private static final int SCANNER_LINES = 100;

    @TempDir
    Path dir;

    @Test
    void filesRotatedWithinMillisecondsAndTheNormalRenameChainDeliverEveryLineExactlyOnce(LokiServer loki)
            throws Exception {
        try (AgentRun run = AgentRun.create(dir, "plex", loki)) {
            FerryProcess ferry = run.startReady("plex-rotation.yaml");
            int seq = 0;
            int scannerLines = 0;
            for (int chunk = 0; chunk < CHUNKS; chunk++) {
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < LINES_PER_CHUNK; i++) {
                    lines.append(line(run, seq++));
                }
                append(run.logs.resolve(SERVER + ".log"), lines);
                if (chunk % SERVER_ROTATES_EVERY == SERVER_ROTATES_EVERY - 1 && chunk < CHUNKS - 1) {
                    rotate(run.logs, SERVER);
                }
                if (chunk % SCANNER_EVERY == SCANNER_EVERY / 2) {
                    StringBuilder scan = new StringBuilder();
                    for (int i = 0; i < SCANNER_LINES; i++) {
                        scan.append(line(run, seq++));
                    }
                    scannerLines += SCANNER_LINES;
                    append(run.logs.resolve(SCANNER + ".log"), scan);
                    rotate(run.logs, SCANNER); // within a millisecond or so of its creation
                }
                Thread.sleep(CHUNK_EVERY.toMillis()); // Plex's pace of writing
            }
            int written = seq;
            DeliveryReport report = run.awaitDelivered(written, Duration.ofSeconds(20), Duration.ofSeconds(2), 0);
            assertThat(ferry.terminate()).as("exit code on SIGTERM").isZero();
            String summary = report.describe() + " (" + scannerLines + " of them in " + SCANNER
                    + " logs renamed to .1.log right after they were written)";
            System.out.println("[reliability] Plex rotation: " + summary);

            assertThat(report.exactlyOnce())
                    .as("every Plex line exactly once through renames: %s", summary)
                    .isTrue();
        }
    }

    private static String line(AgentRun run, int seq) {
        return SequencedLine.PLEX.format(run.id, seq, System.currentTimeMillis()) + "\n";
    }

    private static void append(Path file, CharSequence text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Plex's rotation: {@code X.4.log → X.5.log}, …, {@code X.log → X.1.log}; the next write creates {@code X.log}. */
    private static void rotate(Path logs, String name) throws IOException {
        for (int n = 4; n >= 1; n--) {
            Path from = logs.resolve(name + "." + n + ".log");
            if (Files.exists(from)) {
                Files.move(from, logs.resolve(name + "." + (n + 1) + ".log"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(logs.resolve(name + ".log"), logs.resolve(name + ".1.log"), StandardCopyOption.REPLACE_EXISTING);
    }
}
