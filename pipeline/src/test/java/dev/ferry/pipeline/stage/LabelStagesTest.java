package dev.ferry.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.loki.Labels;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.TestPipeline;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The small stages that move values between the line, extracted values, labels and structured
 * metadata: output, labels, structured_metadata, static_labels, label_drop, label_keep, map. Each
 * case starts from labels {app=api, filename=/x.log} and a regex that extracts level, msg, module.
 */
class LabelStagesTest {
    record Case(
            String stages,
            String line,
            String expectedLine,
            Map<String, String> labels,
            Map<String, String> metadata) {}

    private static final Labels START = Labels.of("app", "api", "filename", "/x.log");
    private static final String EXTRACT = "- regex: {expression: '^(?P<level>\\w+) (?P<module>\\w+): (?P<msg>.*)$'}\n";

    private static Named<Case> c(
            String name,
            String stages,
            String line,
            String expectedLine,
            Map<String, String> labels,
            Map<String, String> metadata) {
        return Named.of(name, new Case(stages, line, expectedLine, labels, metadata));
    }

    static Stream<Named<Case>> cases() {
        return Stream.of(
                c(
                        "output: the line becomes msg",
                        "- output: {source: msg}",
                        "info db: connected",
                        "connected",
                        Map.of("app", "api", "filename", "/x.log"),
                        Map.of()),
                c(
                        "output: missing source keeps the line",
                        "- output: {source: nope}",
                        "info db: connected",
                        "info db: connected",
                        Map.of("app", "api", "filename", "/x.log"),
                        Map.of()),
                c(
                        "output: no match keeps the line",
                        "- output: {source: msg}",
                        "plain",
                        "plain",
                        Map.of("app", "api", "filename", "/x.log"),
                        Map.of()),
                c(
                        "labels: same name",
                        "- labels: {values: {level: ''}}",
                        "warn db: slow",
                        "warn db: slow",
                        Map.of("app", "api", "filename", "/x.log", "level", "warn"),
                        Map.of()),
                c(
                        "labels: other source, null value means same name",
                        "- labels: {values: {severity: level, module: }}",
                        "warn db: slow",
                        "warn db: slow",
                        Map.of("app", "api", "filename", "/x.log", "severity", "warn", "module", "db"),
                        Map.of()),
                c(
                        "labels: missing value leaves labels alone",
                        "- labels: {values: {level: ''}}",
                        "plain",
                        "plain",
                        Map.of("app", "api", "filename", "/x.log"),
                        Map.of()),
                c(
                        "labels: from structured metadata",
                        "- structured_metadata: {values: {module: ''}}\n- labels: {values: {mod: module}, source_type: structured_metadata}",
                        "warn db: slow",
                        "warn db: slow",
                        Map.of("app", "api", "filename", "/x.log", "mod", "db"),
                        Map.of("module", "db")),
                c(
                        "structured_metadata: msg and module",
                        "- structured_metadata: {values: {msg: '', module: ''}}",
                        "info db: connected",
                        "info db: connected",
                        Map.of("app", "api", "filename", "/x.log"),
                        Map.of("msg", "connected", "module", "db")),
                c(
                        "structured_metadata: a label named as source moves to metadata",
                        "- structured_metadata: {values: {filename: ''}}",
                        "plain",
                        "plain",
                        Map.of("app", "api"),
                        Map.of("filename", "/x.log")),
                c(
                        "structured_metadata: regex on names",
                        "- structured_metadata: {regex: '^(mod|file)'}",
                        "info db: x",
                        "info db: x",
                        Map.of("app", "api"),
                        Map.of("module", "db", "filename", "/x.log")),
                c(
                        "static_labels",
                        "- static_labels: {values: {source: file, namespace: plex, skipped: ''}}",
                        "x",
                        "x",
                        Map.of("app", "api", "filename", "/x.log", "source", "file", "namespace", "plex"),
                        Map.of()),
                c(
                        "static_labels overwrite",
                        "- static_labels: {values: {app: plex}}",
                        "x",
                        "x",
                        Map.of("app", "plex", "filename", "/x.log"),
                        Map.of()),
                c("label_drop", "- label_drop: {values: [filename, absent]}", "x", "x", Map.of("app", "api"), Map.of()),
                c("label_keep", "- label_keep: {values: [filename]}", "x", "x", Map.of("filename", "/x.log"), Map.of()),
                c(
                        "map: pino levels by preset",
                        "- map: {source: level, preset: pino_levels}\n- labels: {values: {level: ''}}",
                        "30 db: x",
                        "30 db: x",
                        Map.of("app", "api", "filename", "/x.log", "level", "info"),
                        Map.of()),
                c(
                        "map: value not in the table is kept",
                        "- map: {source: level, preset: pino_levels}\n- labels: {values: {level: ''}}",
                        "35 db: x",
                        "35 db: x",
                        Map.of("app", "api", "filename", "/x.log", "level", "35"),
                        Map.of()),
                c(
                        "map: explicit table and target",
                        "- map: {source: level, target: sev, values: {WARNING: warn}}\n- labels: {values: {sev: '', level: ''}}",
                        "WARNING db: x",
                        "WARNING db: x",
                        Map.of("app", "api", "filename", "/x.log", "level", "WARNING", "sev", "warn"),
                        Map.of()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void movesValues(Case c) {
        TestPipeline p = TestPipeline.of(EXTRACT + c.stages());
        p.send("s", START, c.line());
        Entry e = p.out.get(0);
        assertThat(e.line()).isEqualTo(c.expectedLine());
        assertThat(e.labels().toMap()).isEqualTo(c.labels());
        assertThat(e.metadata().toMap()).isEqualTo(c.metadata());
    }
}
