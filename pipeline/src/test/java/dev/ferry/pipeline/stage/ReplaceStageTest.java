package dev.ferry.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.TestPipeline;
import dev.ferry.pipeline.config.ConfigProblem;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReplaceStageTest {
    /**
     * name, stages, line, expected line, expected extracted values. The expectations of the cases
     * marked (promtail) are what Promtail 3.4.6 printed for the same stages and line.
     */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "(promtail) no capture group: nothing changes",
                        "- replace: {expression: '^30$', replace: info}",
                        "30",
                        "30",
                        Map.of()),
                Arguments.of(
                        "(promtail) the user's Plex replace has no group: nothing changes",
                        "- replace: {expression: '\\] INFO - ', replace: '] info - '}",
                        "Jan 27, 2026 [0x1] INFO - hi",
                        "Jan 27, 2026 [0x1] INFO - hi",
                        Map.of()),
                Arguments.of(
                        "(promtail) only the groups are replaced, in every match",
                        "- replace: {expression: '(\\d{2}.\\d{2}.\\d{2}.\\d{2}) - (\\S+)', replace: '{{ .Value | ToUpper }}'}",
                        "x 11.11.11.11 - frank 12.12.12.12 - frank",
                        "x 11.11.11.11 - FRANK 12.12.12.12 - FRANK",
                        Map.of()),
                Arguments.of(
                        "(promtail) an empty replace deletes the captured text",
                        "- replace: {expression: 'password=(\\S+)'}",
                        "user=a password=secret end",
                        "user=a password= end",
                        Map.of()),
                Arguments.of(
                        "(promtail) a group around the level lower-cases it",
                        "- replace: {expression: '\\] (INFO|WARNING) - ', replace: '{{ .Value | ToLower }}'}",
                        "Jan 27 [0x1] WARNING - hi",
                        "Jan 27 [0x1] warning - hi",
                        Map.of()),
                Arguments.of(
                        "(promtail) named groups are extracted with their replaced text; templates read extracted values",
                        """
                        - regex: {expression: '^(?P<user>\\w+)'}
                        - replace: {expression: 'id=(?P<id>\\d+)', replace: '{{ .user }}-{{ .Value }}'}
                        """,
                        "bob id=42 ok",
                        "bob id=bob-42 ok",
                        Map.of("id", "bob-42")),
                Arguments.of(
                        "(promtail) empty matches follow Go: none right after a match",
                        "- replace: {expression: '(b*)', replace: '<{{ .Value }}>'}",
                        "abbbc",
                        "<>a<bbb>c<>",
                        Map.of()),
                Arguments.of(
                        "(promtail) empty matches everywhere",
                        "- replace: {expression: '(b*)', replace: '<{{ .Value }}>'}",
                        "30",
                        "<>3<>0<>",
                        Map.of()),
                Arguments.of(
                        "on an extracted value: the value changes, the line does not",
                        """
                        - regex: {expression: 'level=(?P<level>\\w+)'}
                        - replace: {source: level, expression: '^(30)$', replace: info}
                        """,
                        "level=30",
                        "level=30",
                        Map.of("level", "info")),
                Arguments.of(
                        "a missing source changes nothing",
                        "- replace: {source: nope, expression: '(a)', replace: b}",
                        "a",
                        "a",
                        Map.of()),
                Arguments.of(
                        "no match changes nothing",
                        "- replace: {expression: '(z)', replace: y}",
                        "abc",
                        "abc",
                        Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void replacesCaptureGroups(
            String name, String stages, String line, String expectedLine, Map<String, String> extracted) {
        TestPipeline p = TestPipeline.of(stages).send(line);
        Entry e = p.out.get(0);
        assertThat(e.line()).isEqualTo(expectedLine);
        extracted.forEach((k, v) -> assertThat(e.extracted().get(k)).as(k).isEqualTo(v));
    }

    @Test
    void warnsThatAnExpressionWithoutGroupNeverChangesAnything() {
        TestPipeline p = TestPipeline.of("""
                - replace:
                    expression: '^30$'
                    replace: info
                """);
        assertThat(p.problems.warnings())
                .extracting(ConfigProblem::toString)
                .containsExactly(
                        "test.yaml:4:21: warning: pipeline 'test', stage 1 (replace): " + ReplaceStage.NEVER_CHANGES);
    }

    @Test
    void noWarningWithAGroup() {
        TestPipeline p = TestPipeline.of("- replace: {expression: '^(30)$', replace: info}");
        assertThat(p.problems.warnings()).isEmpty();
    }
}
