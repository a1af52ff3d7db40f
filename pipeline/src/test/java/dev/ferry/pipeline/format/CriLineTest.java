package dev.ferry.pipeline.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.pipeline.gotime.GoTimeFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CriLineTest {
    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of(
                        "full stdout line",
                        "2026-01-27T12:39:48.421234567Z stdout F hello world",
                        new CriLine("2026-01-27T12:39:48.421234567Z", false, false, "hello world")),
                Arguments.of(
                        "partial stderr line",
                        "2026-01-27T12:39:48Z stderr P part one ",
                        new CriLine("2026-01-27T12:39:48Z", true, true, "part one ")),
                Arguments.of(
                        "several spaces between fields",
                        "2026-01-27T12:39:48Z  stdout  F  x",
                        new CriLine("2026-01-27T12:39:48Z", false, false, "x")),
                Arguments.of(
                        "missing flag means full",
                        "2026-01-27T12:39:48Z stdout message",
                        new CriLine("2026-01-27T12:39:48Z", false, false, "message")),
                Arguments.of(
                        "empty content",
                        "2026-01-27T12:39:48Z stdout F",
                        new CriLine("2026-01-27T12:39:48Z", false, false, "")),
                Arguments.of(
                        "content keeps inner spacing",
                        "2026-01-27T12:39:48Z stdout F   a  b",
                        new CriLine("2026-01-27T12:39:48Z", false, false, "a  b")),
                Arguments.of(
                        "content starting with F is not a flag twice",
                        "t stdout F F1",
                        new CriLine("t", false, false, "F1")),
                Arguments.of("not CRI: plain text", "hello world", null),
                Arguments.of("not CRI: unknown stream", "2026-01-27T12:39:48Z stdin F x", null),
                Arguments.of("not CRI: empty", "", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void parses(String name, String line, CriLine expected) {
        assertThat(CriLine.parse(line)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("timestamps")
    void timestamps(String timestamp, long expected) {
        assertThat(new CriLine(timestamp, false, false, "").epochNanos()).isEqualTo(expected);
    }

    static Stream<Arguments> timestamps() {
        return Stream.of(
                Arguments.of("2026-01-27T12:39:48.421234567Z", 1_769_517_588_421_234_567L),
                Arguments.of("2026-01-27T13:39:48.5+01:00", 1_769_517_588_500_000_000L),
                Arguments.of("not-a-time", GoTimeFormat.FAILED));
    }
}
