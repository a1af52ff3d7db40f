package dev.ferry.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.loki.Labels;
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

/** Expected lines were checked against Promtail 3.4.6 ({@code --dry-run}) with the same stages and labels. */
class PackStageTest {
    private static final Labels LABELS = Labels.of("job", "t", "pod", "p<1>&x", "container", "c");

    private static final String STAGES = """
            - regex: {expression: '^(?P<level>\\w+)'}
            - pack: {labels: [pod, level, missing, job]}
            """;

    /** name, stages, line, expected line, expected labels. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "labels and an extracted value packed, sorted, HTML characters escaped as Go does",
                        STAGES,
                        "info <b>&amp; \"q\" \\ é \ttab",
                        "{\"job\":\"t\",\"level\":\"info\",\"pod\":\"p\\u003c1\\u003e\\u0026x\",\"_entry\":\"info \\u003cb\\u003e\\u0026amp; \\\"q\\\" \\\\ é \\ttab\"}",
                        Map.of("container", "c")),
                Arguments.of(
                        "control characters and line separators escaped",
                        STAGES,
                        "a\bb\fc\u0001d\u2028e\u007fz",
                        "{\"job\":\"t\",\"level\":\"a\",\"pod\":\"p\\u003c1\\u003e\\u0026x\",\"_entry\":\"a\\u0008b\\u000cc\\u0001d\\u2028e\u007fz\"}",
                        Map.of("container", "c")),
                Arguments.of(
                        "nothing found: only the line",
                        "- pack: {labels: [missing]}",
                        "x",
                        "{\"_entry\":\"x\"}",
                        Map.of("job", "t", "pod", "p<1>&x", "container", "c")),
                Arguments.of(
                        "a JSON line is kept as a string",
                        "- pack: {labels: [container, container]}",
                        "{\"a\":1}",
                        "{\"container\":\"c\",\"_entry\":\"{\\\"a\\\":1}\"}",
                        Map.of("job", "t", "pod", "p<1>&x")),
                Arguments.of(
                        "an empty list packs only the line",
                        "- pack: {labels: []}",
                        "x",
                        "{\"_entry\":\"x\"}",
                        Map.of("job", "t", "pod", "p<1>&x", "container", "c")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void packs(String name, String stages, String line, String expectedLine, Map<String, String> expectedLabels) {
        TestPipeline p = TestPipeline.of(stages).send("s1", LABELS, line);
        Entry e = p.out.get(0);
        assertThat(e.line()).isEqualTo(expectedLine);
        assertThat(e.labels().toMap()).isEqualTo(expectedLabels);
    }

    @Test
    void theTimestampBecomesThePackingTimeByDefault() {
        TestPipeline p = TestPipeline.of("- pack: {labels: [pod]}");
        p.pipeline.process(new Entry("s1", LABELS, 1_000L, "x", "t1"));
        p.time.advance(java.time.Duration.ofSeconds(5));
        p.pipeline.process(new Entry("s1", LABELS, 2_000L, "y", "t2"));
        assertThat(p.out)
                .extracting(Entry::timestamp)
                .containsExactly(1_769_517_588_421_000_000L, 1_769_517_593_421_000_000L);
    }

    @Test
    void ingestTimestampFalseKeepsTheEntrysTimestamp() {
        TestPipeline p = TestPipeline.of("- pack: {labels: [pod], ingest_timestamp: false}");
        p.pipeline.process(new Entry("s1", LABELS, 1_000L, "x", "t1"));
        assertThat(p.out.get(0).timestamp()).isEqualTo(1_000L);
    }

    @Test
    void aLabelSetByAnEarlierStageIsPackedAndRemoved() {
        TestPipeline p = TestPipeline.of("""
                - regex: {expression: '^(?P<level>\\w+)'}
                - labels: {values: {level: ''}}
                - pack: {labels: [level]}
                """).send("s1", LABELS, "warn disk");
        assertThat(p.out.get(0).line()).isEqualTo("{\"level\":\"warn\",\"_entry\":\"warn disk\"}");
        assertThat(p.out.get(0).labels().toMap()).doesNotContainKey("level");
    }

    static Stream<Arguments> configErrors() {
        return Stream.of(
                Arguments.of("- pack: {ingest_timestamp: true}", "pipeline 'test', stage 1 (pack): labels is required"),
                Arguments.of(
                        "- pack: {labels: pod}",
                        "test.yaml:3:22: pipeline 'test', stage 1 (pack): labels must be a list of strings"),
                Arguments.of(
                        "- pack: {labels: [pod], ingest_timestamp: maybe}",
                        "pipeline 'test', stage 1 (pack): ingest_timestamp must be true or false"),
                Arguments.of(
                        "- pack: {labels: [pod], ingest: true}",
                        "pipeline 'test', stage 1 (pack): unknown key 'ingest'"));
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
