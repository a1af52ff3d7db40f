package dev.ferry.agent.file;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.loki.Labels;
import dev.ferry.loki.PushOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tailer with a labeler that decides per file (as Kubernetes files mode does): wait, read, finish, refuse. */
class FileTailerLabelingTest {
    @TempDir
    Path logs;

    @TempDir
    Path data;

    final Map<Path, FileLabels> decisions = new ConcurrentHashMap<>();

    TailerHarness harness() {
        FileSourceConfig config =
                FileSourceConfig.of("pods", List.of(logs.resolve("*.log").toString()), Map.of());
        return new TailerHarness(
                config,
                data,
                path -> decisions.getOrDefault(path, FileLabels.waiting("unknown")),
                () -> LineFramer.PLAIN);
    }

    static void append(Path file, String text) throws IOException {
        Files.write(file, text.getBytes(UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static Labels labels(String app) {
        return Labels.of("app", app);
    }

    @Test
    void aWaitingFileStaysClosedUntilItsLabelsAreKnownThenIsReadFromItsStart() throws IOException {
        Path log = logs.resolve("0.log");
        append(log, "one\ntwo\n");
        TailerHarness h = harness().step().step();
        assertThat(h.sink.lines()).isEmpty();
        assertThat(h.tailer.openFiles()).isZero();
        assertThat(h.tailer.waitingFiles()).isEqualTo(1);

        decisions.put(log, FileLabels.read(labels("api"), false));
        h.step();
        assertThat(h.sink.lines()).containsExactly("one", "two");
        assertThat(h.sink.received.get(0).target().labels()).isEqualTo(labels("api")); // no filename asked
        assertThat(h.tailer.waitingFiles()).isZero();
    }

    @Test
    void aRefusedFileIsNeverOpenedAndCountedOnce() throws IOException {
        Path log = logs.resolve("0.log");
        append(log, "secret\n");
        decisions.put(log, FileLabels.refused("symbolic link leads out of log_root"));
        TailerHarness h = harness().step().step().step();
        assertThat(h.sink.lines()).isEmpty();
        assertThat(h.tailer.openFiles()).isZero();
        assertThat(h.count("ferry.file.files.refused")).isEqualTo(1);
    }

    @Test
    void changedLabelsApplyToTheLinesReadAfterTheNextScan() throws IOException {
        Path log = logs.resolve("0.log");
        decisions.put(log, FileLabels.read(labels("v1"), false));
        append(log, "before\n");
        TailerHarness h = harness().step();
        decisions.put(log, FileLabels.read(labels("v2"), false));
        append(log, "after\n");
        h.step();
        assertThat(h.sink.received)
                .extracting(l -> l.line() + " " + l.target().labels().get("app"))
                .containsExactly("before v1", "after v2");
    }

    @Test
    void aFinishedFileIsReadToItsEndClosedOnceAcknowledgedAndNotOpenedAgain() throws IOException {
        Path log = logs.resolve("0.log");
        decisions.put(log, FileLabels.read(labels("api"), false));
        append(log, "one\n");
        TailerHarness h = harness().step();
        decisions.put(log, FileLabels.last(labels("api"), "the pod is gone"));
        append(log, "two\nlast without newline");
        h.step().step().step();
        assertThat(h.sink.lines()).containsExactly("one", "two", "last without newline");
        assertThat(h.tailer.openFiles()).isEqualTo(1); // its lines are not acknowledged yet
        h.sink.ackAll(PushOutcome.SENT);
        h.step();
        assertThat(h.tailer.openFiles()).isZero();
        append(log, "\nwritten after the end\n");
        h.step().step();
        assertThat(h.tailer.openFiles()).isZero();
        assertThat(h.sink.lines()).containsExactly("one", "two", "last without newline");
        assertThat(h.count("ferry.file.rotations", "kind", "gone")).isZero(); // finished, not deleted
    }

    @Test
    void aFileFoundFinishedIsReadOnceFromItsSavedPosition() throws IOException {
        Path log = logs.resolve("3.log");
        decisions.put(log, FileLabels.last(labels("api"), "the container exited"));
        append(log, "one\ntwo\n");
        TailerHarness h = harness().step();
        assertThat(h.sink.lines()).containsExactly("one", "two");
        h.sink.ackAll(PushOutcome.SENT);
        h.step().step().step();
        assertThat(h.tailer.openFiles()).isZero();
        h.step();
        assertThat(h.sink.lines()).containsExactly("one", "two");
    }
}
