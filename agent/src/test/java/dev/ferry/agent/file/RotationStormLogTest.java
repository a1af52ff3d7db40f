package dev.ferry.agent.file;

import static dev.ferry.agent.file.FileTailerScenarioTest.append;
import static dev.ferry.agent.file.FileTailerScenarioTest.plexRotate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.loki.PushOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rotation storm must not flood the agent's own log: a few info lines a minute and a summary. */
class RotationStormLogTest {
    @TempDir
    Path logs;

    @TempDir
    Path data;

    @Test
    void fiveHundredRotationsWriteABoundedNumberOfInfoLines() throws IOException {
        TailerHarness h = new TailerHarness(RotatedFileTest.plexConfig(logs, false, null), data);
        Path current = logs.resolve(RotatedFileTest.PLEX + ".log");
        List<String> info;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            h.step();
            for (int i = 0; i < 500; i++) {
                append(current, "line " + i + "\n");
                h.step();
                plexRotate(logs, RotatedFileTest.PLEX);
                h.sink.ackAll(PushOutcome.SENT);
            }
            h.step();
            h.clock.advance(Duration.ofSeconds(61)); // the minute is over: its summary comes at the next scan
            h.step();
        } finally {
            System.setErr(err);
        }
        info = captured.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.contains("level=info") && l.contains("logger=FileTailer"))
                .toList();
        assertThat(h.sink.lines()).hasSize(500);
        assertThat(info).hasSizeLessThanOrEqualTo(2 * (FileEventLog.INFO_PER_MINUTE + 1));
        assertThat(info)
                .filteredOn(l -> l.contains("file events in the last minute"))
                .singleElement()
                .asString()
                .contains("source=plex")
                .contains("renamed=")
                .contains("opened=");
    }
}
