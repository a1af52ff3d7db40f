package dev.ferry.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a source's line bytes as UTF-8, replacing invalid sequences with U+FFFD (as Java's decoder
 * does) and counting the lines that needed it under {@link PipelineMetrics#INVALID_UTF8}. For
 * sources; thread-safe.
 */
public final class LineDecoder {
    private final Counter invalid;

    public LineDecoder(MeterRegistry meters, String source) {
        this.invalid = Counter.builder(PipelineMetrics.INVALID_UTF8)
                .description("Lines whose bytes were not valid UTF-8 (bad sequences became U+FFFD)")
                .tag("source", source)
                .register(meters);
    }

    public String decode(byte[] bytes, int offset, int length) {
        String s = new String(bytes, offset, length, StandardCharsets.UTF_8);
        // the decoder writes U+FFFD for every bad sequence: only a line holding one needs the byte check
        if (s.indexOf('\uFFFD') >= 0 && !isValidUtf8(bytes, offset, length)) {
            invalid.increment();
        }
        return s;
    }

    public double invalidLines() {
        return invalid.count();
    }

    /** True when {@code bytes[offset..offset+length)} is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF). */
    public static boolean isValidUtf8(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int need;
            int min;
            int cp;
            if ((b & 0xE0) == 0xC0) {
                need = 1;
                min = 0x80;
                cp = b & 0x1F;
            } else if ((b & 0xF0) == 0xE0) {
                need = 2;
                min = 0x800;
                cp = b & 0x0F;
            } else if ((b & 0xF8) == 0xF0) {
                need = 3;
                min = 0x10000;
                cp = b & 0x07;
            } else {
                return false;
            }
            if (i + need >= end) {
                return false; // cut short
            }
            for (int k = 1; k <= need; k++) {
                int c = bytes[i + k];
                if ((c & 0xC0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (c & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return false;
            }
            i += need + 1;
        }
        return true;
    }
}
