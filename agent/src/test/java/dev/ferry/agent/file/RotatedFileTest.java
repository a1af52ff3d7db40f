package dev.ferry.agent.file;

import static dev.ferry.agent.file.FileTailerScenarioTest.append;
import static dev.ferry.agent.file.FileTailerScenarioTest.plexRotate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.loki.PushOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's Plex setup: {@code *.log} with the rotated names {@code *.[0-9].log} excluded. A file
 * created and renamed to a rotated name between two scans is still read, once; a rotated file that
 * was never the source's is not.
 */
class RotatedFileTest {
    static final String PLEX = "Plex Media Server";

    @TempDir
    Path logs;

    @TempDir
    Path data;

    FileSourceConfig plexConfig(boolean tailFromEnd) {
        return plexConfig(logs, tailFromEnd, null);
    }

    /** The user's Plex source: every {@code *.log} but the rotated names. */
    static FileSourceConfig plexConfig(Path logs, boolean tailFromEnd, Duration syncPeriod) {
        return new FileSourceConfig(
                "plex",
                List.of(logs + "/*.log"),
                List.of(logs + "/*.[0-9].log"),
                Map.of("app", "plex"),
                tailFromEnd,
                null,
                syncPeriod,
                null,
                null,
                false,
                null,
                null);
    }

    Path current() {
        return logs.resolve(PLEX + ".log");
    }

    @Test
    void aFileCreatedAndRenamedToAnExcludedNameBetweenTwoScansIsReadOnce() throws IOException {
        TailerHarness h = new TailerHarness(plexConfig(true), data).step();
        List<String> written = new ArrayList<>();
        for (int round = 0; round < 8; round++) {
            for (int i = 0; i < 3; i++) {
                String line = "round " + round + " line " + i;
                append(current(), line + "\n");
                written.add(line);
            }
            plexRotate(logs, PLEX); // before any scan saw the file under its own name
            h.step();
            h.sink.ackAll(PushOutcome.SENT);
            h.step();
        }
        assertThat(h.sink.lines()).containsExactlyElementsOf(written);
        h.step().step();
        assertThat(h.sink.lines()).as("closed rotated files are not read again").hasSize(written.size());
    }

    @Test
    void filesCreatedAndRotatedInOneScanGapAreReadOldestFirst() throws IOException {
        TailerHarness h = new TailerHarness(plexConfig(false), data).step();
        append(current(), "first file\n");
        plexRotate(logs, PLEX);
        append(current(), "second file\n");
        plexRotate(logs, PLEX);
        // the clock may not tell two files written a millisecond apart: make the order plain
        Files.setLastModifiedTime(logs.resolve(PLEX + ".2.log"), FileTime.from(Instant.parse("2026-01-27T12:00:00Z")));
        Files.setLastModifiedTime(logs.resolve(PLEX + ".1.log"), FileTime.from(Instant.parse("2026-01-27T12:00:01Z")));
        append(current(), "third file\n");
        h.step();
        assertThat(h.sink.lines()).containsExactly("first file", "second file", "third file");
    }

    @Test
    void aFollowedFileRenamedToAnExcludedNameIsReadToItsEndAndNeverAgain() throws IOException {
        append(current(), "a1\n");
        TailerHarness h = new TailerHarness(plexConfig(false), data).step();
        append(current(), "a2\n");
        plexRotate(logs, PLEX);
        append(logs.resolve(PLEX + ".1.log"), "a3 written before Plex reopened its log\n");
        append(current(), "b1\n");
        h.step();
        h.sink.ackAll(PushOutcome.SENT);
        for (int i = 0; i < 4; i++) {
            plexRotate(logs, PLEX);
            append(current(), "c" + i + "\n");
            h.step();
            h.sink.ackAll(PushOutcome.SENT);
            h.step();
        }
        assertThat(h.sink.lines())
                .containsExactly("a1", "a2", "a3 written before Plex reopened its log", "b1", "c0", "c1", "c2", "c3");
        assertThat(h.count("ferry.file.rotations", "kind", "gone"))
                .as("a rename is not a deletion")
                .isZero();
    }

    @Test
    void aFileUnderAnExcludedNameBeforeTheFirstStartIsNeverRead() throws IOException {
        append(logs.resolve(PLEX + ".1.log"), "history of another run\n");
        append(logs.resolve(PLEX + ".2.log"), "older history\n");
        TailerHarness h = new TailerHarness(plexConfig(false), data).step();
        append(logs.resolve(PLEX + ".1.log"), "still not ours\n");
        h.step().step();
        assertThat(h.sink.lines()).isEmpty();
        assertThat(h.tailer.openFiles()).isZero();
    }

    @Test
    void aFileRotatedWhileTheAgentWasDownIsReadOnFromItsSavedPosition() throws IOException {
        append(current(), "1\n2\n");
        TailerHarness h = new TailerHarness(plexConfig(true), data).step();
        append(current(), "3\n");
        h.step();
        h.sink.ackAll(PushOutcome.SENT);
        h.restart();
        append(current(), "4 written while the agent was down\n");
        plexRotate(logs, PLEX);
        append(current(), "5 in the new file\n");
        h.step();
        assertThat(h.sink.lines()).containsExactly("4 written while the agent was down", "5 in the new file");
        assertThat(h.sink.received.get(0).target().path())
                .as("its lines keep the name they were written under")
                .isEqualTo(current().toString());
    }
}
