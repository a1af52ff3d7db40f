package dev.ferry.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogLineReaderTest {
    record Line(long ts, String text, boolean truncated, long hash) {}

    final List<Line> lines = new ArrayList<>();
    final LogLineReader.LineHandler handler = (ts, hash, buf, from, to, truncated) ->
            lines.add(new Line(ts, new String(buf, from, to - from, StandardCharsets.UTF_8), truncated, hash));

    static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Hands out at most n bytes per read, so lines straddle reads. */
    static InputStream trickle(String s, int n) {
        return new FilterInputStream(stream(s)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, n));
            }
        };
    }

    @Test
    void splitsTimestampFromContent() throws Exception {
        new LogLineReader(1024)
                .read(trickle("2026-01-27T12:00:00.1Z hello world\n2026-01-27T12:00:00.2Z {\"a\":1}\n", 3), handler);

        assertThat(lines)
                .extracting(Line::ts, Line::text)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                KubeletTimestamp.parse("2026-01-27T12:00:00.1Z"), "hello world"),
                        org.assertj.core.groups.Tuple.tuple(
                                KubeletTimestamp.parse("2026-01-27T12:00:00.2Z"), "{\"a\":1}"));
        assertThat(lines.get(0).hash()).isEqualTo(LineHash.of("hello world".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void keepsAnUnfinishedLastLineAsTailUntilAskedFor() throws Exception {
        LogLineReader reader = new LogLineReader(1024);
        reader.read(stream("2026-01-27T12:00:00.1Z a\n2026-01-27T12:00:00.2Z par"), handler);

        assertThat(lines).extracting(Line::text).containsExactly("a");
        assertThat(reader.hasTail()).isTrue();
        reader.emitTail(handler);
        assertThat(lines).extracting(Line::text).containsExactly("a", "par");
    }

    @Test
    void cutsALongLineAtTheLimitAndSkipsItsRest() throws Exception {
        String longContent = "x".repeat(5000);
        new LogLineReader(1024)
                .read(
                        trickle("2026-01-27T12:00:00.1Z " + longContent + "\n2026-01-27T12:00:00.2Z next\n", 700),
                        handler);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).text()).isEqualTo("x".repeat(1024));
        assertThat(lines.get(0).truncated()).isTrue();
        assertThat(lines.get(1).text()).isEqualTo("next");
        assertThat(lines.get(1).truncated()).isFalse();
    }

    @Test
    void linesLongerThanTheStartingBufferArriveWholeUpToTheLimit() throws Exception {
        // the buffer starts at 16 KiB and grows to the limit only for a line that needs it
        String big = "y".repeat(70_000);
        String huge = "z".repeat(200_000);
        new LogLineReader(100_000)
                .read(
                        trickle(
                                "2026-01-27T12:00:00.1Z " + big + "\n2026-01-27T12:00:00.2Z " + huge
                                        + "\n2026-01-27T12:00:00.3Z after\n",
                                5000),
                        handler);

        assertThat(lines).extracting(Line::text).containsExactly(big, "z".repeat(100_000), "after");
        assertThat(lines).extracting(Line::truncated).containsExactly(false, true, false);
    }

    @Test
    void lineWithoutTimestampIsPassedWhole() throws Exception {
        new LogLineReader(1024).read(stream("no timestamp here\n"), handler);

        assertThat(lines)
                .extracting(Line::ts, Line::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(KubeletTimestamp.INVALID, "no timestamp here"));
    }

    @Test
    void brokenStreamThrowsAndLeavesNoTail() {
        LogLineReader reader = new LogLineReader(1024);
        InputStream breaking = new InputStream() {
            final InputStream in = stream("2026-01-27T12:00:00.1Z a\n2026-01-27T12:00:00.2Z pa");

            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection reset");
                }
                return b;
            }
        };

        assertThatThrownBy(() -> reader.read(breaking, handler)).hasMessage("connection reset");
        assertThat(lines).extracting(Line::text).containsExactly("a");
        assertThat(reader.hasTail()).isFalse();
    }
}
