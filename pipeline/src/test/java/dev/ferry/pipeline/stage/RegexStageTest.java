package dev.ferry.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.TestPipeline;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RegexStageTest {
    record Case(String args, String line, Map<String, String> extracted, Map<String, String> labels) {}

    private static Map<String, String> m(String... kv) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put(kv[i], kv[i + 1]);
        }
        return map;
    }

    private static Named<Case> c(
            String name, String args, String line, Map<String, String> extracted, Map<String, String> labels) {
        return Named.of(name, new Case(args, line, extracted, labels));
    }

    /** The Plex line format, with a tid that may be decimal or hex. */
    private static final String PLEX =
            "{expression: '^(?P<time>\\w{3} \\d{1,2}, \\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}) \\[(?P<tid>0x[0-9a-fA-F]+|\\d+)\\] (?P<level>[A-Z]+) - (?P<message>.*)$'}";

    static Stream<Named<Case>> cases() {
        return Stream.of(
                c(
                        "plex line, decimal tid",
                        PLEX,
                        "Jan 27, 2026 12:39:48.421 [1234] WARNING - Held transcode session",
                        m(
                                "time",
                                "Jan 27, 2026 12:39:48.421",
                                "tid",
                                "1234",
                                "level",
                                "WARNING",
                                "message",
                                "Held transcode session"),
                        m()),
                c(
                        "plex line, hex tid",
                        PLEX,
                        "Jan 27, 2026 12:39:48.421 [0x7f3a] INFO - Request: GET /library",
                        m("tid", "0x7f3a", "level", "INFO", "message", "Request: GET /library"),
                        m()),
                c("no match extracts nothing", PLEX, "not a plex line", m("level", null, "message", null), m()),
                c(
                        "match anywhere in the line",
                        "{expression: 'user=(?P<user>\\w+)'}",
                        "GET / user=ann ok",
                        m("user", "ann"),
                        m()),
                c("group that took no part extracts empty", "{expression: 'a(?P<x>b)?c'}", "ac", m("x", ""), m()),
                c(
                        "source reads an extracted value",
                        "{expression: '^(?P<first>\\w)', source: app}",
                        "line",
                        m("first", "a"),
                        m()),
                c(
                        "missing source changes nothing",
                        "{expression: '(?P<x>.)', source: nope}",
                        "line",
                        m("x", null),
                        m()),
                c(
                        "labels_from_groups sets labels",
                        "{expression: '(?P<level>[a-z]+):', labels_from_groups: true}",
                        "warn: x",
                        m("level", "warn"),
                        m("level", "warn")),
                c(
                        "Go (?P<name>) and (?<name>) syntax",
                        "{expression: '(?<a>\\d+)-(?P<b>\\d+)'}",
                        "12-34",
                        m("a", "12", "b", "34"),
                        m()),
                c("unicode classes", "{expression: '(?P<w>\\p{L}+)'}", "—élan", m("w", "élan"), m()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void extractsNamedGroups(Case c) {
        TestPipeline p = TestPipeline.of("- regex: " + c.args());
        p.send(c.line());
        assertThat(p.lines()).containsExactly(c.line());
        Entry e = p.out.get(0);
        c.extracted().forEach((k, v) -> assertThat(e.extracted().get(k)).as(k).isEqualTo(v));
        c.labels()
                .forEach(
                        (k, v) -> assertThat(e.labels().get(k)).as("label " + k).isEqualTo(v));
        if (c.labels().isEmpty()) {
            assertThat(e.labels().toMap()).isEqualTo(TestPipeline.DEFAULT_LABELS.toMap());
        }
    }
}
