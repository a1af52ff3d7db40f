package dev.ferry.agent.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FileSourceConfigTest {

    static FileSourceConfig with(
            List<String> include, Map<String, String> labels, Duration sync, Integer maxLine, String charset) {
        return new FileSourceConfig(
                "plex",
                include,
                null,
                labels,
                false,
                charset == null ? null : java.nio.charset.Charset.forName(charset),
                sync,
                null,
                maxLine,
                false,
                null,
                null);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(
                        "no name",
                        (Supplier<?>) () -> FileSourceConfig.of(" ", List.of("/x/*.log"), null),
                        "file source: name is required"),
                Arguments.of(
                        "no include",
                        (Supplier<?>) () -> with(List.of(), null, null, null, null),
                        "file source 'plex': include: at least one glob is required (e.g. /var/log/*.log)"),
                Arguments.of(
                        "bad glob",
                        (Supplier<?>) () -> with(List.of("/x/[a.log"), null, null, null, null),
                        "file source 'plex': include: glob '/x/[a.log' does not compile: Missing ']"),
                Arguments.of(
                        "filename label",
                        (Supplier<?>) () -> with(List.of("/x/*.log"), Map.of("filename", "x"), null, null, null),
                        "file source 'plex': labels: 'filename' is set by the source to the file's path; choose"
                                + " another name"),
                Arguments.of(
                        "bad label",
                        (Supplier<?>) () -> with(List.of("/x/*.log"), Map.of("a-b", "x"), null, null, null),
                        "file source 'plex': labels: "),
                Arguments.of(
                        "zero sync",
                        (Supplier<?>) () -> with(List.of("/x/*.log"), null, Duration.ZERO, null, null),
                        "file source 'plex': sync_period: must be positive, got PT0S"),
                Arguments.of(
                        "max line",
                        (Supplier<?>) () -> with(List.of("/x/*.log"), null, null, 0, null),
                        "file source 'plex': max_line_size: must be at least 1, got 0"),
                Arguments.of(
                        "utf-16",
                        (Supplier<?>) () -> with(List.of("/x/*.log"), null, null, null, "UTF-16"),
                        "file source 'plex': encoding: UTF-16 is not supported: lines are split at the byte 0x0A, so"
                                + " the charset must encode ASCII as single bytes (UTF-8, ISO-8859-x, windows-125x)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidConfigIsRefusedWithAMessageNamingTheField(String name, Supplier<?> build, String message) {
        assertThatThrownBy(build::get)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void defaultsFollowPromtail() {
        FileSourceConfig c = FileSourceConfig.of("plex", List.of("/var/log/plex/*.log"), null);
        assertThat(c.syncPeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(250));
        // not Promtail's: a memory guard; the line limit users see is limits.max_line_size, at the pipeline
        assertThat(c.maxLineSize()).isEqualTo(2 * 1024 * 1024);
        assertThat(c.encoding()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(c.tailFromEnd()).isFalse();
        assertThat(c.labels()).isEmpty();
        assertThat(c.exclude()).isEmpty();
    }
}
