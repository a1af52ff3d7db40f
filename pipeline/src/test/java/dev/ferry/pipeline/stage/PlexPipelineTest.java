package dev.ferry.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.loki.Labels;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.TestPipeline;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The user's Plex pipeline (DESIGN.md), built from YAML by the loader, on real-looking Plex lines. */
class PlexPipelineTest {
    private static String plex(String zone) {
        return """
                - regex:
                    expression: '^(?P<time>[A-Z][a-z]{2} \\d{2}, \\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}) \\[(?P<tid>0x[0-9a-fA-F]+|\\d+)\\] (?P<level>[A-Z]+) - (?P<message>.*)$'
                - timestamp:
                    source: time
                    format: 'Jan 02, 2006 15:04:05.000'
                    location: %s
                - template:
                    source: level
                    template: '{{ if eq .Value "WARNING" }}warn{{ else }}{{ ToLower .Value }}{{ end }}'
                - labels:
                    values: {level: ""}
                - output:
                    source: message
                - structured_metadata:
                    values: {filename: ""}
                - label_drop:
                    values: [filename]
                """.formatted(zone);
    }

    private static final Labels FILE_LABELS = Labels.of(
            "namespace",
            "plex",
            "app",
            "plex",
            "source",
            "file",
            "service_name",
            "plex/plex",
            "filename",
            "/config/Library/Application Support/Plex Media Server/Logs/Plex Media Server.log");

    private static final Map<String, String> STREAM =
            Map.of("namespace", "plex", "app", "plex", "source", "file", "service_name", "plex/plex");

    private static Map<String, String> with(String level) {
        java.util.TreeMap<String, String> m = new java.util.TreeMap<>(STREAM);
        m.put("level", level);
        return m;
    }

    /** name, zone, line, expected time, labels, line out */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "WARNING with a hex tid becomes warn",
                        "America/Los_Angeles",
                        "Jan 27, 2026 12:39:48.421 [0x7f3a] WARNING - Held transcode session 3 timed out",
                        "2026-01-27T20:39:48.421Z",
                        with("warn"),
                        "Held transcode session 3 timed out"),
                Arguments.of(
                        "INFO with a decimal tid",
                        "America/Los_Angeles",
                        "Jan 27, 2026 12:39:49.002 [140234567] INFO - Request: [127.0.0.1:51234 (Loopback)] GET /identity (2 live) #1a3 GZIP Signed-in",
                        "2026-01-27T20:39:49.002Z",
                        with("info"),
                        "Request: [127.0.0.1:51234 (Loopback)] GET /identity (2 live) #1a3 GZIP Signed-in"),
                Arguments.of(
                        "DEBUG is lower-cased; summer time applies in July",
                        "America/Los_Angeles",
                        "Jul 04, 2026 09:00:00.000 [0x7f3a] DEBUG - Scanner: processing directory /data/movies",
                        "2026-07-04T16:00:00Z",
                        with("debug"),
                        "Scanner: processing directory /data/movies"),
                Arguments.of(
                        "ERROR, another zone",
                        "Europe/Berlin",
                        "Jan 27, 2026 12:39:48.421 [0x7F3A] ERROR - Database corruption: disk I/O error",
                        "2026-01-27T11:39:48.421Z",
                        with("error"),
                        "Database corruption: disk I/O error"),
                Arguments.of(
                        "a line that does not match passes through unchanged (filename still moves)",
                        "America/Los_Angeles",
                        "   at PlexMediaServer::main() + 0x1f",
                        "2026-01-27T12:39:48.421Z",
                        STREAM,
                        "   at PlexMediaServer::main() + 0x1f"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parsesPlexLines(
            String name, String zone, String line, String time, Map<String, String> labels, String lineOut) {
        TestPipeline p = TestPipeline.of(plex(zone));
        assertThat(p.problems.all()).isEmpty();
        p.send("plex-file", FILE_LABELS, line);

        assertThat(p.out).hasSize(1);
        Entry e = p.out.get(0);
        assertThat(Instant.ofEpochSecond(0, e.timestamp())).hasToString(time);
        assertThat(e.labels().toMap()).isEqualTo(labels);
        assertThat(e.line()).isEqualTo(lineOut);
        assertThat(e.metadata().toMap())
                .isEqualTo(Map.of(
                        "filename",
                        "/config/Library/Application Support/Plex Media Server/Logs/Plex Media Server.log"));
    }
}
