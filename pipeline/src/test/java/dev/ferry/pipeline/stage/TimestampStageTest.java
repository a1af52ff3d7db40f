package dev.ferry.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.loki.Labels;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.TestPipeline;
import dev.ferry.pipeline.config.ConfigException;
import dev.ferry.pipeline.config.ConfigProblem;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TimestampStageTest {
    private static final String READ_TIME = "2026-01-27T12:39:48.421Z"; // TestPipeline's clock

    private static String stages(String timestampArgs) {
        return "- regex: {expression: '^(?P<ts>[^|]*)\\|'}\n- timestamp: {source: ts, " + timestampArgs + "}\n";
    }

    /** name, timestamp stage arguments, lines, expected time of each entry. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "RFC3339",
                        "format: RFC3339",
                        List.of("2026-01-01T10:00:00+02:00|x"),
                        List.of("2026-01-01T08:00:00Z")),
                Arguments.of(
                        "pino's epoch milliseconds",
                        "format: UnixMs",
                        List.of("1769000000123|x"),
                        List.of("2026-01-21T12:53:20.123Z")),
                Arguments.of(
                        "a Go layout in a location",
                        "format: '2006-01-02 15:04:05.000', location: America/New_York",
                        List.of("2026-01-27 07:39:48.421|x"),
                        List.of("2026-01-27T12:39:48.421Z")),
                Arguments.of(
                        "fallback formats are tried in order",
                        "format: RFC3339, fallback_formats: [UnixMs, 'Jan 02, 2006 15:04:05']",
                        List.of("1769000000123|a", "Jan 05, 2026 01:02:03|b", "2026-01-01T00:00:00Z|c"),
                        List.of("2026-01-21T12:53:20.123Z", "2026-01-05T01:02:03Z", "2026-01-01T00:00:00Z")),
                // the same lines through Promtail 3.4.6 gave .000000001 and .000000002
                Arguments.of(
                        "fudge: a failure gets the stream's last good time plus 1 ns (a missing source too)",
                        "format: Unix",
                        List.of("1769517588|a", "b", "bad|c", "1769517600|d"),
                        List.of(
                                "2026-01-27T12:39:48Z",
                                "2026-01-27T12:39:48.000000001Z",
                                "2026-01-27T12:39:48.000000002Z",
                                "2026-01-27T12:40:00Z")),
                Arguments.of(
                        "fudge without a good time yet keeps the read time",
                        "format: Unix",
                        List.of("bad|a"),
                        List.of(READ_TIME)),
                Arguments.of(
                        "skip keeps the read time",
                        "format: Unix, action_on_failure: skip",
                        List.of("1769517588|a", "bad|b"),
                        List.of("2026-01-27T12:39:48Z", READ_TIME)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void setsTheTime(String name, String args, List<String> lines, List<String> expected) {
        TestPipeline p = TestPipeline.of(stages(args));
        lines.forEach(p::send);
        assertThat(p.out.stream().map(e -> instant(e.timestamp())).toList()).isEqualTo(expected);
    }

    @Test
    void fudgeIsPerStream() {
        TestPipeline p = TestPipeline.of(stages("format: Unix"));
        p.send("a", Labels.of("pod", "a"), "1769517588|x");
        p.send("b", Labels.of("pod", "b"), "bad|y");
        p.send("a", Labels.of("pod", "a"), "bad|z");
        assertThat(p.out.stream()
                        .map(Entry::timestamp)
                        .map(TimestampStageTest::instant)
                        .toList())
                .containsExactly("2026-01-27T12:39:48Z", READ_TIME, "2026-01-27T12:39:48.000000001Z");
    }

    @Test
    void countsValuesThatDoNotParseButNotMissingOnes() {
        TestPipeline p = TestPipeline.of(stages("format: RFC3339")).sendAll("bad|x", "no separator");
        assertThat(p.problems("timestamp", "timestamp_unparsable")).isEqualTo(1.0);
    }

    static Stream<Arguments> configErrors() {
        return Stream.of(
                Arguments.of(
                        "- timestamp: {source: ts, format: RFC3339, location: Mars/Olympus}",
                        "test.yaml:3:58: pipeline 'test', stage 1 (timestamp): location 'Mars/Olympus' is not a time zone"),
                Arguments.of(
                        "- timestamp: {source: ts, format: RFC3339, action_on_failure: retry}",
                        "pipeline 'test', stage 1 (timestamp): action_on_failure must be fudge or skip, got 'retry'"),
                Arguments.of(
                        "- timestamp: {source: ts, format: 'yyyy-MM-dd HH:mm:ss'}",
                        "pipeline 'test', stage 1 (timestamp): format: format 'yyyy-MM-dd HH:mm:ss' has no Go reference-time element"),
                Arguments.of("- timestamp: {source: ts}", "pipeline 'test', stage 1 (timestamp): format is required"),
                Arguments.of(
                        "- timestamp: {format: Unix}", "pipeline 'test', stage 1 (timestamp): source is required"));
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

    static String instant(long nanos) {
        return Instant.ofEpochSecond(0, nanos).toString();
    }
}
