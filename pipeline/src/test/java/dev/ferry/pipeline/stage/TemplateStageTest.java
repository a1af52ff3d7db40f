package dev.ferry.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.TestPipeline;
import dev.ferry.pipeline.config.ConfigException;
import dev.ferry.pipeline.config.ConfigProblem;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TemplateStageTest {
    private static final String PINO = """
            - json:
                expressions: {level: level}
            - template:
                source: level
                template: '{{ if eq .Value "10" }}trace{{ else if eq .Value "20" }}debug{{ else if eq .Value "30" }}info{{ else if eq .Value "40" }}warn{{ else if eq .Value "50" }}error{{ else if eq .Value "60" }}fatal{{ else }}{{ .Value }}{{ end }}'
            """;

    /** name, stages, line, expected extracted values (a null value: absent). */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "the user's pino level template: 30 is info", PINO, "{\"level\":30}", Map.of("level", "info")),
                Arguments.of("pino: a custom level is kept", PINO, "{\"level\":35}", Map.of("level", "35")),
                Arguments.of("pino: a string level is kept", PINO, "{\"level\":\"warn\"}", Map.of("level", "warn")),
                // Promtail 3.4.6 sets level="<no value>" for a line without level (Go prints a missing key so)
                Arguments.of(
                        "pino: no level at all prints <no value>, as Alloy",
                        PINO,
                        "plain text",
                        Map.of("level", "<no value>")),
                Arguments.of("template reads other extracted values and the line", """
                        - regex: {expression: '^(?P<a>\\w+) (?P<b>\\w+)'}
                        - template: {source: c, template: '{{ .b }}-{{ .a }}|{{ .Entry }}'}
                        """, "x y", Map.of("c", "y-x|x y")),
                Arguments.of("labels are extracted values too", """
                        - template: {source: ns, template: '{{ .namespace | ToUpper }}'}
                        """, "x", Map.of("ns", "PROD")),
                Arguments.of("empty output removes the value", """
                        - regex: {expression: '^(?P<a>\\w+)'}
                        - template: {source: a, template: '{{ if eq .Value "drop" }}{{ else }}{{ .Value }}{{ end }}'}
                        """, "drop it", mapWithNull("a")),
                Arguments.of("a failing template changes nothing", """
                        - regex: {expression: '^(?P<a>\\w+)'}
                        - template: {source: a, template: '{{ .missing | ToUpper }}'}
                        """, "keep it", Map.of("a", "keep")),
                Arguments.of(
                        "plex levels: WARNING is warn, others lower-cased",
                        """
                        - regex: {expression: '\\] (?P<level>[A-Z]+) - '}
                        - template: {source: level, template: '{{ if eq .Value "WARNING" }}warn{{ else }}{{ ToLower .Value }}{{ end }}'}
                        """,
                        "Jan 27, 2026 12:39:48.421 [0x7f3a] WARNING - x",
                        Map.of("level", "warn")));
    }

    private static Map<String, String> mapWithNull(String key) {
        java.util.HashMap<String, String> m = new java.util.HashMap<>();
        m.put(key, null);
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void setsTheExtractedValue(String name, String stages, String line, Map<String, String> expected) {
        TestPipeline p = TestPipeline.of(stages).send(line);
        Entry e = p.out.get(0);
        expected.forEach((k, v) -> assertThat(e.extracted().get(k)).as(k).isEqualTo(v));
        assertThat(e.line()).isEqualTo(line);
    }

    @Test
    void countsTemplatesThatFail() {
        TestPipeline p = TestPipeline.of("- template: {source: a, template: '{{ ToLower .nope }}'}")
                .sendAll("x", "y");
        assertThat(p.out).hasSize(2);
        assertThat(p.problems("template", "template_failed")).isEqualTo(2.0);
    }

    static Stream<Arguments> configErrors() {
        return Stream.of(
                Arguments.of(
                        "- template: {source: a, template: '{{ .x | Foo }}'}",
                        "test.yaml:3:39: pipeline 'test', stage 1 (template): template does not parse: 1:9: function \"Foo\" is not supported"),
                Arguments.of("- template: {template: 'x'}", "pipeline 'test', stage 1 (template): source is required"),
                Arguments.of("- template: {source: a}", "pipeline 'test', stage 1 (template): template is required"),
                Arguments.of(
                        "- template: {source: a, template: x, value: y}",
                        "pipeline 'test', stage 1 (template): unknown key 'value'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configErrors")
    void rejectsBadConfig(String stages, String message) {
        try {
            TestPipeline p = TestPipeline.of(stages);
            assertThat(p.problems.errors()).extracting(ConfigProblem::toString).anyMatch(s -> s.contains(message));
        } catch (ConfigException e) {
            assertThat(e.getMessage()).contains(message);
        }
    }
}
