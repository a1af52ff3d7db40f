package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LineDecoderTest {
    record Case(byte[] bytes, String decoded, boolean invalid) {}

    private static byte[] b(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return out;
    }

    static Stream<Named<Case>> cases() {
        return Stream.of(
                Named.of("ASCII", new Case("plain".getBytes(StandardCharsets.UTF_8), "plain", false)),
                Named.of(
                        "two, three and four byte characters",
                        new Case("é€😀".getBytes(StandardCharsets.UTF_8), "é€😀", false)),
                Named.of("lone continuation byte", new Case(b('a', 0x80, 'b'), "a\uFFFDb", true)),
                Named.of("cut-off sequence at the end", new Case(b('a', 0xE2, 0x82), "a\uFFFD", true)),
                Named.of("overlong encoding of '/'", new Case(b(0xC0, 0xAF), "\uFFFD\uFFFD", true)),
                Named.of("encoded surrogate", new Case(b(0xED, 0xA0, 0x80), "\uFFFD", true)),
                Named.of("beyond U+10FFFF", new Case(b(0xF4, 0x90, 0x80, 0x80), "\uFFFD\uFFFD\uFFFD\uFFFD", true)),
                Named.of("Latin-1 byte", new Case(b('c', 'a', 'f', 0xE9), "caf\uFFFD", true)));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decodesWithReplacementAndCountsInvalidLines(Case c) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        LineDecoder decoder = new LineDecoder(meters, "file");
        assertThat(decoder.decode(c.bytes(), 0, c.bytes().length)).isEqualTo(c.decoded());
        assertThat(decoder.invalidLines()).isEqualTo(c.invalid() ? 1.0 : 0.0);
        assertThat(meters.find(PipelineMetrics.INVALID_UTF8)
                        .tag("source", "file")
                        .counter()
                        .count())
                .isEqualTo(c.invalid() ? 1.0 : 0.0);
    }
}
