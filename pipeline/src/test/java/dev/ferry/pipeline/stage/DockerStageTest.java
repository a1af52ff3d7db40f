package dev.ferry.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.TestPipeline;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DockerStageTest {
    /** name, line, expected line, stream label (null: none), time (null: read time kept) */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "docker json line",
                        "{\"log\":\"hello\\n\",\"stream\":\"stderr\",\"time\":\"2019-04-30T02:12:41.8443515Z\"}",
                        "hello\n",
                        "stderr",
                        "2019-04-30T02:12:41.844351500Z"),
                Arguments.of(
                        "bad time keeps the read time",
                        "{\"log\":\"x\",\"stream\":\"stdout\",\"time\":\"yesterday\"}",
                        "x",
                        "stdout",
                        null),
                Arguments.of("not docker json passes unchanged", "plain text", "plain text", null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsDockerJson(String name, String line, String expectedLine, String stream, String time) {
        TestPipeline p = TestPipeline.of("- docker: {}");
        long readTime = p.time.epochNanos();
        p.send(line);
        Entry e = p.out.get(0);
        assertThat(e.line()).isEqualTo(expectedLine);
        assertThat(e.labels().get("stream")).isEqualTo(stream);
        if (time == null) {
            assertThat(e.timestamp()).isEqualTo(readTime);
        } else {
            assertThat(Instant.ofEpochSecond(0, e.timestamp())).isEqualTo(Instant.parse(time));
        }
    }
}
