package dev.ferry.agent.file;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Turns a line's bytes into a String; the JDK decodes UTF-8 with U+FFFD for each bad sequence, and
 * lines that had one are counted as invalid.
 */
final class LineDecoder {
    private final Charset charset;
    private final boolean utf8;
    private boolean lastInvalid;

    LineDecoder(Charset charset) {
        this.charset = charset;
        this.utf8 = charset.equals(StandardCharsets.UTF_8);
    }

    /**
     * The line {@code b[off, off+len)}; {@code ascii} says the caller saw only bytes below 0x80 there,
     * which for UTF-8 are the characters themselves.
     */
    @SuppressWarnings("deprecation")
    String decode(byte[] b, int off, int len, boolean ascii) {
        if (ascii && utf8) {
            lastInvalid = false;
            // a copy, without the JDK decoder's own pass over the bytes (a plain loop in C1 code)
            return new String(b, 0, off, len);
        }
        String s = new String(b, off, len, charset);
        // The decoder writes U+FFFD for every malformed sequence, so a line without one was valid and
        // needs no byte loop; for a Latin-1 string (all ASCII lines) the search is a constant-time check.
        // Only a line that has U+FFFD, as text or as a replacement, has its bytes checked.
        lastInvalid = utf8 && s.indexOf('\uFFFD') >= 0 && !dev.ferry.pipeline.LineDecoder.isValidUtf8(b, off, len);
        return s;
    }

    /** True when the last decoded line had bytes that are not UTF-8. */
    boolean lastInvalid() {
        return lastInvalid;
    }

    /**
     * The longest prefix of {@code b[off, off+max)} that does not cut a UTF-8 sequence; the byte at
     * {@code off+max} must exist (the line is longer than {@code max}).
     */
    static int utf8Boundary(byte[] b, int off, int max) {
        int cut = max;
        // step back over continuation bytes to the start of the sequence the cut falls in
        int back = 0;
        while (back < 3 && cut > 0 && (b[off + cut] & 0xC0) == 0x80) {
            cut--;
            back++;
        }
        return cut;
    }
}
