package dev.ferry.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.pipeline.TestPipeline;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MultilineStageTest {
    record Case(String firstline, int maxLines, List<String> in, List<String> out) {}

    private static Named<Case> c(String name, String firstline, int maxLines, List<String> in, List<String> out) {
        return Named.of(name, new Case(firstline, maxLines, in, out));
    }

    private static final String USER = "^(\\{|\\S)";

    static Stream<Named<Case>> cases() {
        return Stream.of(
                c(
                        "indented lines join the line before",
                        USER,
                        128,
                        List.of("a", "  b", "  c", "d"),
                        List.of("a\n  b\n  c", "d")),
                c("each first line is its own entry", USER, 128, List.of("a", "b", "c"), List.of("a", "b", "c")),
                c(
                        "lines pass through until the stream's first first-line",
                        USER,
                        128,
                        List.of("  x", "  y", "a", "  b"),
                        List.of("  x", "  y", "a\n  b")),
                c(
                        "max_lines releases the block; the rest starts a new one",
                        USER,
                        3,
                        List.of("a", " 1", " 2", " 3", " 4"),
                        List.of("a\n 1\n 2", " 3\n 4")),
                c("max_lines 1 releases every line", USER, 1, List.of("a", " 1"), List.of("a", " 1")),
                c(
                        "an empty line is a continuation (it has no non-space first character)",
                        USER,
                        128,
                        List.of("a", "", "b"),
                        List.of("a\n", "b")),
                c("tab-indented lines join", USER, 128, List.of("a", "\tb"), List.of("a\n\tb")),
                c("a JSON line starts a block", USER, 128, List.of("{\"a\":1}", "  x"), List.of("{\"a\":1}\n  x")),
                c(
                        "a stack trace",
                        USER,
                        128,
                        List.of(
                                "Error: connect ECONNREFUSED 10.0.0.1:5432",
                                "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)",
                                "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
                                "{\"level\":30,\"msg\":\"retrying\"}"),
                        List.of(
                                "Error: connect ECONNREFUSED 10.0.0.1:5432\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
                                "{\"level\":30,\"msg\":\"retrying\"}")),
                c(
                        "an expression without a shortcut",
                        "^\\d{4}-\\d\\d-\\d\\d ",
                        128,
                        List.of("2026-01-27 first", "more", "2026-01-28 second"),
                        List.of("2026-01-27 first\nmore", "2026-01-28 second")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void joinsBlocks(Case c) {
        TestPipeline p = TestPipeline.of("- multiline: {firstline: '"
                + c.firstline().replace("'", "''") + "', max_lines: " + c.maxLines() + "}");
        p.sendAll(c.in().toArray(new String[0]));
        p.pipeline.flush();
        assertThat(p.lines()).containsExactlyElementsOf(c.out());
        assertThat(p.acks).isEmpty();
    }

    @Test
    void theJoinedEntryHasTheFirstLinesTimestampLabelsAndExtractedValues() {
        TestPipeline p = TestPipeline.of("""
                - regex: {expression: '^(?P<word>\\w+)'}
                - multiline: {firstline: '^\\S'}
                """);
        long t0 = p.time.epochNanos();
        p.send("first line");
        p.time.advance(Duration.ofMillis(5));
        p.send("  second");
        p.pipeline.flush();
        assertThat(p.out).singleElement().satisfies(e -> {
            assertThat(e.timestamp()).isEqualTo(t0);
            assertThat(e.extracted().get("word")).isEqualTo("first");
            assertThat(e.labels().get("app")).isEqualTo("api");
        });
    }

    @Test
    void maxWaitTimeDefaultsToThreeSeconds() {
        TestPipeline p = TestPipeline.of("- multiline: {firstline: '^\\S'}");
        p.send("held");
        p.time.advance(Duration.ofMillis(2999));
        p.pipeline.tick();
        assertThat(p.out).isEmpty();
        p.time.advance(Duration.ofMillis(1));
        p.pipeline.tick();
        assertThat(p.lines()).containsExactly("held");
    }

    @Test
    void thePipelineSaysItHoldsAnEntryOnlyWhileABlockWaits() {
        // the agent ticks often only while something is held, so a held entry must always show here
        TestPipeline p = TestPipeline.of("""
                - match:
                    selector: '{app="api"}'
                    stages:
                      - multiline: {firstline: '^\\S', max_wait_time: 1s}
                """);
        assertThat(p.pipeline.holds()).isFalse();
        p.send("first");
        assertThat(p.pipeline.holds()).as("a block waits for its next line").isTrue();
        p.time.advance(Duration.ofSeconds(1));
        p.pipeline.tick();
        assertThat(p.lines()).containsExactly("first");
        assertThat(p.pipeline.holds()).as("released by the tick").isFalse();
    }

    @Test
    void maxLinesDefaultsTo128() {
        TestPipeline p = TestPipeline.of("- multiline: {firstline: '^\\S'}");
        p.send("start");
        for (int i = 1; i < 130; i++) {
            p.send(" " + i);
        }
        assertThat(p.out).hasSize(1);
        assertThat(p.out.get(0).line().split("\n")).hasSize(128);
    }

    @Test
    void aJoinedEntryStopsGrowingAtItsSizeCapButKeepsEveryLinesAck() {
        TestPipeline p = TestPipeline.of("- multiline: {firstline: '^\\S'}");
        String big = " " + "x".repeat(200 * 1024);
        p.send("start");
        for (int i = 0; i < 10; i++) {
            p.send(big); // 10 x 200 Ki chars would be 2 Mi chars joined
        }
        p.pipeline.flush();
        assertThat(p.out).singleElement().satisfies(e -> {
            assertThat(e.line().length())
                    .isLessThanOrEqualTo(MultilineStage.MAX_BLOCK_CHARS + MultilineStage.TRUNCATED_MARKER.length());
            assertThat(e.line()).endsWith(MultilineStage.TRUNCATED_MARKER);
            assertThat(
                            dev.ferry.pipeline.JoinedToken.class.isInstance(e.ackToken())
                                    ? ((dev.ferry.pipeline.JoinedToken) e.ackToken()).parts()
                                    : java.util.List.of(e.ackToken()))
                    .hasSize(11);
        });
    }
}
