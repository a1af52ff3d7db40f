package dev.ferry.pipeline.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.pipeline.gotime.GoTimeFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DockerJsonLineTest {
    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of(
                        "docker line keeps the newline",
                        "{\"log\":\"hello\\n\",\"stream\":\"stderr\",\"time\":\"2019-04-30T02:12:41.8443515Z\"}",
                        new DockerJsonLine("hello\n", "stderr", "2019-04-30T02:12:41.8443515Z")),
                Arguments.of(
                        "escapes decoded",
                        "{\"log\":\"{\\\"a\\\":1}\\t\\u00e9\",\"stream\":\"stdout\",\"time\":\"t\"}",
                        new DockerJsonLine("{\"a\":1}\té", "stdout", "t")),
                Arguments.of(
                        "keys match case-insensitively, unknown keys ignored",
                        "{\"Log\":\"x\",\"attrs\":{\"a\":[1,2]},\"STREAM\":\"stdout\"}",
                        new DockerJsonLine("x", "stdout", "")),
                Arguments.of("null is empty", "{\"log\":null}", new DockerJsonLine("", "", "")),
                Arguments.of("empty object", "{}", new DockerJsonLine("", "", "")),
                Arguments.of("not JSON", "plain text", null),
                Arguments.of("not an object", "[1]", null),
                Arguments.of("number where a string belongs", "{\"log\":1}", null),
                Arguments.of("trailing garbage", "{\"log\":\"x\"} y", null),
                Arguments.of("truncated", "{\"log\":\"x", null),
                Arguments.of("empty", "", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void parses(String name, String line, DockerJsonLine expected) {
        assertThat(DockerJsonLine.parse(line)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("timestamps")
    void timestamps(String time, long expected) {
        assertThat(new DockerJsonLine("", "", time).epochNanos()).isEqualTo(expected);
    }

    static Stream<Arguments> timestamps() {
        return Stream.of(
                Arguments.of("2019-04-30T02:12:41.8443515Z", 1_556_590_361_844_351_500L),
                Arguments.of("", GoTimeFormat.FAILED));
    }
}
