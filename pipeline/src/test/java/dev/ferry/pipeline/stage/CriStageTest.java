package dev.ferry.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.loki.Labels;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.JoinedToken;
import dev.ferry.pipeline.TestPipeline;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CriStageTest {
    /** name, stage yaml, input lines, expected output lines */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "full lines pass one by one",
                        "- cri: {}",
                        List.of("2026-01-27T12:39:48.1Z stdout F a", "2026-01-27T12:39:48.2Z stdout F b"),
                        List.of("a", "b")),
                Arguments.of(
                        "partial lines join the full line that ends them",
                        "- cri: {}",
                        List.of(
                                "2026-01-27T12:39:48.1Z stdout P aa",
                                "2026-01-27T12:39:48.2Z stdout P bb",
                                "2026-01-27T12:39:48.3Z stdout F cc"),
                        List.of("aabbcc")),
                Arguments.of(
                        "stdout and stderr are joined apart",
                        "- cri: {}",
                        List.of("t stdout P o1", "t stderr P e1", "t stderr F e2", "t stdout F o2"),
                        List.of("e1e2", "o1o2")),
                Arguments.of(
                        "non-CRI lines pass unchanged", "- cri: {}", List.of("hello world"), List.of("hello world")),
                Arguments.of(
                        "max_partial_lines releases what is held",
                        "- cri: {max_partial_lines: 2}",
                        List.of("t stdout P a", "t stdout P b", "t stdout P c", "t stdout F d"),
                        List.of("ab", "cd")),
                Arguments.of(
                        "max_partial_line_size with truncate cuts the line",
                        "- cri: {max_partial_line_size: 4, max_partial_line_size_truncate: true}",
                        List.of("t stdout P abc", "t stdout P def", "t stdout F ghi"),
                        List.of("abcd")),
                Arguments.of(
                        "max_partial_line_size without truncate releases what is held",
                        "- cri: {max_partial_line_size: 4}",
                        List.of("t stdout P abc", "t stdout P def", "t stdout F ghi"),
                        List.of("abcdef", "ghi")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void joinsPartialLines(String name, String stages, List<String> lines, List<String> expected) {
        TestPipeline p = TestPipeline.of(stages);
        lines.forEach(p::send);
        p.pipeline.flush();
        assertThat(p.lines()).isEqualTo(expected);
    }

    @Test
    void setsTimeStreamLabelAndExtractedValuesAndJoinsTokens() {
        TestPipeline p = TestPipeline.of("- cri: {}");
        p.sendAll("2026-01-27T12:39:48.421234567Z stderr P part1 ", "2026-01-27T12:39:49Z stderr F part2");
        Entry e = p.out.get(0);
        assertThat(Instant.ofEpochSecond(0, e.timestamp())).hasToString("2026-01-27T12:39:49Z");
        assertThat(e.labels().get("stream")).isEqualTo("stderr");
        assertThat(e.extracted().get("content")).isEqualTo("part2");
        assertThat(e.extracted().get("flags")).isEqualTo("");
        assertThat(((JoinedToken) e.ackToken()).parts()).containsExactly("t1", "t2");
    }

    @Test
    void heldPartialIsReleasedWhenTheStreamEnds() {
        TestPipeline p = TestPipeline.of("- cri: {}");
        p.send("s1", Labels.of("pod", "a"), "t stdout P never finished");
        assertThat(p.out).isEmpty();
        p.pipeline.endStream("s1");
        assertThat(p.lines()).containsExactly("never finished");
    }
}
