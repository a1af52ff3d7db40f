package dev.ferry.pipeline.stage;

import dev.ferry.loki.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A single-pass JSON reader for the common case of the {@code json} stage: every expression is a
 * top-level key. It checks that the whole text is one valid JSON object (as Go's decoder would) and
 * takes the scalar values of the wanted keys, without building a tree. Not thread-safe; one per stage
 * instance.
 *
 * <p>It reads the text's UTF-8 bytes, as Go does: JSON's structure is ASCII, and a byte loop is about
 * three times cheaper than a {@code charAt} loop in C1 code (the image's compiler). Bytes also give
 * each value's UTF-8 length for free, which the Loki client would otherwise measure again, and
 * an ASCII value is copied out without decoding.
 */
final class JsonFields {
    /** The text is a JSON object; {@link #value(int)} holds what was found. */
    static final int OK = 0;
    /** The text is not a JSON object. */
    static final int MALFORMED = 1;
    /** A wanted key holds an object or array, or nesting is very deep: use the general reader. */
    static final int NEEDS_TREE = 2;

    private static final int MAX_DEPTH = 256;
    private static final int MAX_KEPT_LINE = 16 * 1024;
    private static final int INTEGER = 0;
    private static final int FRACTION = 1;
    private static final int EXPONENT = 2;
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private final byte[][] keyBytes;
    private final String[] values;
    private final int[] utf8Lengths; // each value's
    private byte[] b;
    private int pos;
    private int end;
    private boolean needsTree;
    private boolean asciiString; // the last string scanned, or decoded, had only ASCII bytes
    private byte[] scratch = new byte[64]; // the decoded bytes of a string with escapes
    private byte[] asciiLine = new byte[512]; // an ASCII line's bytes (scanAscii)

    JsonFields(String[] keys) {
        this.keyBytes = new byte[keys.length][];
        for (int i = 0; i < keys.length; i++) {
            keyBytes[i] = keys[i].getBytes(StandardCharsets.UTF_8);
        }
        this.values = new String[keys.length];
        this.utf8Lengths = new int[keys.length];
    }

    /** The value found for key i: its text, or null when the key was absent or null. */
    String value(int i) {
        return values[i];
    }

    /** The UTF-8 length of {@link #value(int)} (which the scan had at hand), or -1 when there is none. */
    int utf8Length(int i) {
        return utf8Lengths[i];
    }

    /**
     * Scans {@code text}. Its UTF-8 bytes come from the JDK, which writes a lone surrogate as
     * {@code ?}: no source produces one (decoders write U+FFFD for bad bytes, and so does this
     * reader for an escaped lone surrogate), so measuring every line for it is not worth it.
     */
    int scan(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return scan(bytes, bytes.length);
    }

    /**
     * Scans {@code text}, known to be all ASCII: its chars are its UTF-8 bytes, copied one per char
     * into a reused buffer ({@link Utf8#encode} with the length known), without the encoder's pass
     * over the line to learn that it is ASCII.
     */
    int scanAscii(String text) {
        int n = text.length();
        byte[] bytes = asciiLine;
        if (bytes.length < n) {
            bytes = new byte[n];
            if (n <= MAX_KEPT_LINE) {
                asciiLine = bytes; // a longer line gets its own array, so one huge line is not kept
            }
        }
        Utf8.encode(text, n, bytes, 0);
        return scan(bytes, n);
    }

    /** Scans the UTF-8 text {@code bytes[0, length)}, which must stay unchanged until this returns. */
    int scan(byte[] bytes, int length) {
        b = bytes;
        pos = 0;
        end = length;
        needsTree = false;
        Arrays.fill(values, null);
        Arrays.fill(utf8Lengths, -1);
        try {
            skipWs();
            if (pos >= end || b[pos] != '{') {
                return MALFORMED;
            }
            pos++;
            skipWs();
            if (peek() == '}') {
                pos++;
            } else {
                while (true) {
                    skipWs();
                    int wanted = key();
                    skipWs();
                    expect(':');
                    skipWs();
                    if (wanted >= 0) {
                        wantedValue(wanted);
                    } else {
                        skipValue(1);
                    }
                    skipWs();
                    byte c = next();
                    if (c == '}') {
                        break;
                    }
                    if (c != ',') {
                        return MALFORMED;
                    }
                }
            }
            skipWs();
            if (pos != end) {
                return MALFORMED;
            }
            return needsTree ? NEEDS_TREE : OK;
        } catch (Malformed e) {
            return e == DEEP ? NEEDS_TREE : MALFORMED;
        } finally {
            b = null;
        }
    }

    /** Reads a key; returns the index of the wanted key it is, or -1. */
    private int key() {
        if (next() != '"') {
            throw MALFORMED_INPUT;
        }
        int start = pos;
        boolean escapes = scanString();
        byte[] k = b;
        int from = start;
        int to = pos - 1;
        if (escapes) {
            to = decode(start, pos - 1); // first: it may replace scratch with a larger array
            k = scratch;
            from = 0;
        }
        int n = to - from;
        for (int i = 0; i < keyBytes.length; i++) {
            byte[] want = keyBytes[i];
            // length and first byte before the call: most keys of a line are not wanted
            if (want.length == n && (n == 0 || want[0] == k[from]) && Arrays.equals(want, 0, n, k, from, to)) {
                return i;
            }
        }
        return -1;
    }

    private void wantedValue(int i) {
        byte c = peek();
        switch (c) {
            case '"' -> string(i);
            case '{', '[' -> {
                needsTree = true;
                skipValue(1);
            }
            case 't' -> {
                literal(TRUE);
                values[i] = "true";
                utf8Lengths[i] = 4;
            }
            case 'f' -> {
                literal(FALSE);
                values[i] = "false";
                utf8Lengths[i] = 5;
            }
            case 'n' -> {
                literal(NULL);
                values[i] = null;
                utf8Lengths[i] = -1;
            }
            default -> {
                int start = pos;
                int kind = number();
                String text = GoNumbers.format(ascii(b, start, pos - start), kind == INTEGER);
                if (text == null) {
                    throw MALFORMED_INPUT;
                }
                values[i] = text;
                utf8Lengths[i] = text.length(); // digits, sign, point, exponent: ASCII
            }
        }
    }

    /** Reads the string at pos as the value of key i. */
    private void string(int i) {
        pos++; // opening quote
        int start = pos;
        boolean escapes = scanString();
        byte[] bytes = b;
        int from = start;
        int n = pos - 1 - start;
        if (escapes) {
            n = decode(start, pos - 1); // first: it may replace scratch with a larger array
            bytes = scratch;
            from = 0;
        }
        // an ASCII string is copied; only other text goes through the UTF-8 decoder
        values[i] = asciiString ? ascii(bytes, from, n) : new String(bytes, from, n, StandardCharsets.UTF_8);
        utf8Lengths[i] = n;
    }

    @SuppressWarnings("deprecation") // the copying constructor: these bytes are ASCII
    private static String ascii(byte[] bytes, int from, int n) {
        return new String(bytes, 0, from, n);
    }

    /**
     * Decodes the escaped string content b[start..stop) into {@link #scratch} as UTF-8; returns its
     * length. An escaped surrogate pair becomes one character; a lone surrogate becomes U+FFFD,
     * as Go decodes it.
     */
    private int decode(int start, int stop) {
        if (scratch.length < stop - start) {
            scratch = new byte[Math.max(stop - start, 2 * scratch.length)]; // escapes never lengthen
        }
        byte[] out = scratch;
        int n = 0;
        int p = start;
        int any = 0;
        while (p < stop) {
            byte c = b[p++];
            if (c != '\\') {
                out[n++] = c;
                any |= c;
                continue;
            }
            byte e = b[p++];
            switch (e) {
                case '"', '\\', '/' -> out[n++] = e;
                case 'b' -> out[n++] = '\b';
                case 'f' -> out[n++] = '\f';
                case 'n' -> out[n++] = '\n';
                case 'r' -> out[n++] = '\r';
                case 't' -> out[n++] = '\t';
                default -> { // 'u': scanString checked the four hex digits
                    int cp = hex4(p);
                    p += 4;
                    if (Character.isHighSurrogate((char) cp)
                            && p + 6 <= stop
                            && b[p] == '\\'
                            && b[p + 1] == 'u'
                            && Character.isLowSurrogate((char) hex4(p + 2))) {
                        cp = Character.toCodePoint((char) cp, (char) hex4(p + 2));
                        p += 6;
                    } else if (Character.isSurrogate((char) cp)) {
                        cp = 0xFFFD;
                    }
                    n = putUtf8(out, n, cp);
                    any |= cp < 0x80 ? 0 : -1;
                }
            }
        }
        asciiString = any >= 0;
        return n;
    }

    /** Writes code point {@code cp} as UTF-8 at {@code n}; at most 6 input bytes become at most 4. */
    private static int putUtf8(byte[] out, int n, int cp) {
        if (cp < 0x80) {
            out[n++] = (byte) cp;
        } else if (cp < 0x800) {
            out[n++] = (byte) (0xC0 | (cp >> 6));
            out[n++] = (byte) (0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out[n++] = (byte) (0xE0 | (cp >> 12));
            out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            out[n++] = (byte) (0x80 | (cp & 0x3F));
        } else {
            out[n++] = (byte) (0xF0 | (cp >> 18));
            out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            out[n++] = (byte) (0x80 | (cp & 0x3F));
        }
        return n;
    }

    /** The four hex digits at {@code p}, or -1 when one is not a hex digit. */
    private int hex4(int p) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(b[p + k], 16);
            if (d < 0) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }

    private void skipValue(int depth) {
        if (depth > MAX_DEPTH) {
            throw DEEP;
        }
        byte c = peek();
        switch (c) {
            case '"' -> skipString();
            case '{' -> {
                pos++;
                skipWs();
                if (peek() == '}') {
                    pos++;
                    return;
                }
                while (true) {
                    skipWs();
                    if (peek() != '"') {
                        throw MALFORMED_INPUT;
                    }
                    skipString();
                    skipWs();
                    expect(':');
                    skipWs();
                    skipValue(depth + 1);
                    skipWs();
                    byte n = next();
                    if (n == '}') {
                        return;
                    }
                    if (n != ',') {
                        throw MALFORMED_INPUT;
                    }
                }
            }
            case '[' -> {
                pos++;
                skipWs();
                if (peek() == ']') {
                    pos++;
                    return;
                }
                while (true) {
                    skipWs();
                    skipValue(depth + 1);
                    skipWs();
                    byte n = next();
                    if (n == ']') {
                        return;
                    }
                    if (n != ',') {
                        throw MALFORMED_INPUT;
                    }
                }
            }
            case 't' -> literal(TRUE);
            case 'f' -> literal(FALSE);
            case 'n' -> literal(NULL);
            default -> {
                int start = pos;
                int kind = number();
                if ((pos - start > 15 || kind == EXPONENT)
                        && Double.isInfinite(Double.parseDouble(ascii(b, start, pos - start)))) {
                    throw MALFORMED_INPUT; // Go refuses numbers beyond float64
                }
            }
        }
    }

    private void skipString() {
        pos++;
        scanString();
    }

    /**
     * Moves past a string's content and its closing quote (the opening one is already read),
     * checking escapes and control characters; true when the content has escapes to decode.
     */
    private boolean scanString() {
        // locals, not fields, in the loop: C1 code would store pos every step
        byte[] bytes = b;
        int p = pos;
        int stop = end;
        boolean escapes = false;
        int any = 0;
        while (true) {
            if (p >= stop) {
                throw MALFORMED_INPUT;
            }
            byte c = bytes[p++];
            any |= c;
            if (c == '"') {
                pos = p;
                asciiString = any >= 0;
                return escapes;
            }
            if (c == '\\') {
                escapes = true;
                if (p >= stop) {
                    throw MALFORMED_INPUT;
                }
                byte e = bytes[p++];
                if (e == 'u') {
                    if (p + 4 > stop || hex4(p) < 0) {
                        throw MALFORMED_INPUT;
                    }
                    p += 4;
                } else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r'
                        && e != 't') {
                    throw MALFORMED_INPUT;
                }
            } else if (c >= 0 && c < 0x20) {
                throw MALFORMED_INPUT;
            }
        }
    }

    /**
     * JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? Returns {@link #INTEGER},
     * {@link #FRACTION} or {@link #EXPONENT}: what the number has.
     */
    private int number() {
        int kind = INTEGER;
        if (peek() == '-') {
            pos++;
        }
        byte c = next();
        if (c == '0') {
            // no more integer digits
        } else if (c >= '1' && c <= '9') {
            pos = skipDigits(pos);
        } else {
            throw MALFORMED_INPUT;
        }
        if (pos < end && b[pos] == '.') {
            pos++;
            digits();
            kind = FRACTION;
        }
        if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
            pos++;
            if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
                pos++;
            }
            digits();
            kind = EXPONENT;
        }
        return kind;
    }

    private void digits() {
        int start = pos;
        pos = skipDigits(start);
        if (pos == start) {
            throw MALFORMED_INPUT;
        }
    }

    /** The index of the first non-digit at or after {@code from}. */
    private int skipDigits(int from) {
        byte[] bytes = b;
        int p = from;
        int stop = end;
        while (p < stop && bytes[p] >= '0' && bytes[p] <= '9') {
            p++;
        }
        return p;
    }

    private void literal(byte[] word) {
        if (pos + word.length > end || !Arrays.equals(word, 0, word.length, b, pos, pos + word.length)) {
            throw MALFORMED_INPUT;
        }
        pos += word.length;
    }

    /**
     * Skips whitespace. Small enough for C1 to inline, so compact JSON (no whitespace between
     * tokens, the usual log line) pays a compare instead of a call per token.
     */
    private void skipWs() {
        if (pos < end && b[pos] <= ' ') {
            skipWhitespace();
        }
    }

    private void skipWhitespace() {
        byte[] bytes = b;
        int p = pos;
        int stop = end;
        while (p < stop) {
            byte c = bytes[p];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                break;
            }
            p++;
        }
        pos = p;
    }

    private byte peek() {
        if (pos >= end) {
            throw MALFORMED_INPUT;
        }
        return b[pos];
    }

    private byte next() {
        if (pos >= end) {
            throw MALFORMED_INPUT;
        }
        return b[pos++];
    }

    private void expect(char c) {
        if (next() != c) {
            throw MALFORMED_INPUT;
        }
    }

    /** Thrown to unwind; preallocated without a stack trace, so bad lines cost no allocation. */
    private static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed() {
            super(null, null, false, false);
        }
    }

    private static final Malformed MALFORMED_INPUT = new Malformed();
    private static final Malformed DEEP = new Malformed();
}
