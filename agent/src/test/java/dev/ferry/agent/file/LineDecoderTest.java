package dev.ferry.agent.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Which lines count as invalid UTF-8, and what text they become. */
class LineDecoderTest {
    @Test
    void invalidSequencesAreCountedAndReplacedValidOnesAreNot() {
        // hex bytes, invalid?, decoded text
        Object[][] cases = {
            {"68656c6c6f", false, "hello"},
            {"c3a9", false, "é"},
            {"e282ac", false, "€"},
            {"f09f9880", false, "😀"},
            {"efbfbd", false, "\uFFFD"}, // U+FFFD written by the application is valid text
            {"61efbfbd62ff", true, "a\uFFFDb\uFFFD"}, // a real one, then a bad byte
            {"c080", true, "\uFFFD\uFFFD"}, // overlong NUL
            {"eda080", true, "\uFFFD"}, // a surrogate
            {"f4908080", true, "\uFFFD\uFFFD\uFFFD\uFFFD"}, // above U+10FFFF
            {"61e282", true, "a\uFFFD"}, // cut short
            {"80", true, "\uFFFD"}, // a lone continuation byte
        };
        LineDecoder decoder = new LineDecoder(StandardCharsets.UTF_8);
        for (Object[] c : cases) {
            byte[] b = HexFormat.of().parseHex((String) c[0]);
            byte[] padded = new byte[b.length + 4];
            System.arraycopy(b, 0, padded, 2, b.length);

            String text = decoder.decode(padded, 2, b.length, false);

            assertThat(decoder.lastInvalid()).as("%s", c[0]).isEqualTo(c[1]);
            assertThat(dev.ferry.pipeline.LineDecoder.isValidUtf8(padded, 2, b.length))
                    .as("%s", c[0])
                    .isEqualTo(!(Boolean) c[1]);
            assertThat(text).as("%s", c[0]).isEqualTo(c[2]);
        }
    }

    @Test
    void otherCharsetsAreNeverCountedInvalid() {
        LineDecoder decoder = new LineDecoder(StandardCharsets.ISO_8859_1);
        byte[] b = {(byte) 0xff, (byte) 0xc0, (byte) 0x80};

        assertThat(decoder.decode(b, 0, 3, false)).isEqualTo("ÿÀ\u0080");
        assertThat(decoder.lastInvalid()).isFalse();
    }

    @Test
    void anAsciiLineIsCopiedAsItIsAndClearsTheLastInvalidMark() {
        LineDecoder decoder = new LineDecoder(StandardCharsets.UTF_8);
        decoder.decode(new byte[] {(byte) 0xff}, 0, 1, false);
        assertThat(decoder.lastInvalid()).isTrue();

        byte[] b = "xx{\"msg\":\"ok\"}\u0000yy".getBytes(StandardCharsets.US_ASCII);
        String text = decoder.decode(b, 2, b.length - 4, true);

        assertThat(text).isEqualTo("{\"msg\":\"ok\"}\u0000");
        assertThat(decoder.lastInvalid()).isFalse();
    }
}
