package dev.ferry.pipeline.stage;

/**
 * A single-pass JSON reader for the common case of the {@code json} stage: every expression is a
 * top-level key. It checks that the whole text is one valid JSON object (as Go's decoder would) and
 * takes the scalar values of the wanted keys, without building a tree. Not thread-safe; one per stage
 * instance.
 */
final class JsonFields {
    /** The text is a JSON object; {@link #value(int)} holds what was found. */
    static final int OK = 0;
    /** The text is not a JSON object. */
    static final int MALFORMED = 1;
    /** A wanted key holds an object or array, or nesting is very deep: use the general reader. */
    static final int NEEDS_TREE = 2;

    private static final int MAX_DEPTH = 256;

    private final String[] keys;
    private final String[] values;
    private final int[] utf8Lengths; // each value's, where known, else -1
    private boolean asciiString; // the last string scanned or decoded had only ASCII characters
    private String s;
    private int pos;
    private int end;
    private boolean needsTree;
    private final StringBuilder unescaped = new StringBuilder();

    JsonFields(String[] keys) {
        this.keys = keys;
        this.values = new String[keys.length];
        this.utf8Lengths = new int[keys.length];
    }

    /** The value found for key i: its text, or null when the key was absent or null. */
    String value(int i) {
        return values[i];
    }

    /**
     * The UTF-8 length of {@link #value(int)} when it is plain ASCII (a number, a literal, a string
     * of ASCII characters: what the scan saw anyway), else -1.
     */
    int utf8Length(int i) {
        return utf8Lengths[i];
    }

    int scan(String text) {
        s = text;
        pos = 0;
        end = text.length();
        needsTree = false;
        java.util.Arrays.fill(values, null);
        java.util.Arrays.fill(utf8Lengths, -1);
        try {
            skipWs();
            if (pos >= end || s.charAt(pos) != '{') {
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
                    char c = next();
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
            s = null;
        }
    }

    /** Reads a key; returns the index of the wanted key it is, or -1. */
    private int key() {
        if (next() != '"') {
            throw MALFORMED_INPUT;
        }
        int start = pos;
        boolean escapes = scanString();
        int len = pos - 1 - start;
        if (escapes) {
            String k = decode(start, pos - 1);
            for (int i = 0; i < keys.length; i++) {
                if (keys[i].equals(k)) {
                    return i;
                }
            }
            return -1;
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].length() == len && s.regionMatches(start, keys[i], 0, len)) {
                return i;
            }
        }
        return -1;
    }

    private void wantedValue(int i) {
        char c = peek();
        switch (c) {
            case '"' -> {
                String v = string();
                values[i] = v;
                utf8Lengths[i] = asciiString ? v.length() : -1;
            }
            case '{', '[' -> {
                needsTree = true;
                skipValue(1);
            }
            case 't' -> {
                literal("true");
                values[i] = "true";
                utf8Lengths[i] = 4;
            }
            case 'f' -> {
                literal("false");
                values[i] = "false";
                utf8Lengths[i] = 5;
            }
            case 'n' -> {
                literal("null");
                values[i] = null;
            }
            default -> {
                int start = pos;
                number();
                String text = GoNumbers.format(s, start, pos);
                if (text == null) {
                    throw MALFORMED_INPUT;
                }
                values[i] = text;
                utf8Lengths[i] = text.length(); // digits, sign, point, exponent: ASCII
            }
        }
    }

    private String string() {
        pos++; // opening quote
        int start = pos;
        boolean escapes = scanString();
        return escapes ? decode(start, pos - 1) : s.substring(start, pos - 1);
    }

    /** Decodes the escaped string content s[start..stop), noting in asciiString whether it is ASCII. */
    private String decode(int start, int stop) {
        unescaped.setLength(0);
        int saved = pos;
        pos = start;
        while (pos < stop) {
            char c = s.charAt(pos++);
            if (c == '\\') {
                escape(unescaped);
            } else {
                unescaped.append(c);
            }
        }
        pos = saved;
        String decoded = unescaped.toString();
        int any = 0;
        for (int k = 0; k < decoded.length(); k++) {
            any |= decoded.charAt(k);
        }
        asciiString = any < 0x80;
        return decoded;
    }

    /** Reads one escape after its backslash, appending the character to {@code out} when given. */
    private void escape(StringBuilder out) {
        char c = next();
        char decoded;
        switch (c) {
            case '"' -> decoded = '"';
            case '\\' -> decoded = '\\';
            case '/' -> decoded = '/';
            case 'b' -> decoded = '\b';
            case 'f' -> decoded = '\f';
            case 'n' -> decoded = '\n';
            case 'r' -> decoded = '\r';
            case 't' -> decoded = '\t';
            case 'u' -> {
                if (pos + 4 > end) {
                    throw MALFORMED_INPUT;
                }
                int v = 0;
                for (int k = 0; k < 4; k++) {
                    int d = Character.digit(s.charAt(pos++), 16);
                    if (d < 0) {
                        throw MALFORMED_INPUT;
                    }
                    v = v * 16 + d;
                }
                decoded = (char) v;
            }
            default -> throw MALFORMED_INPUT;
        }
        if (out != null) {
            out.append(decoded);
        }
    }

    private void skipValue(int depth) {
        if (depth > MAX_DEPTH) {
            throw DEEP;
        }
        char c = peek();
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
                    char n = next();
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
                    char n = next();
                    if (n == ']') {
                        return;
                    }
                    if (n != ',') {
                        throw MALFORMED_INPUT;
                    }
                }
            }
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                int start = pos;
                number();
                if ((pos - start > 15 || hasExponent(start, pos))
                        && Double.isInfinite(Double.parseDouble(s.substring(start, pos)))) {
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
     * checking escapes and control characters; true when the content has escapes to decode. Notes
     * in asciiString whether the content as written is ASCII.
     */
    private boolean scanString() {
        // locals, not fields, in the loop: the image runs C1 code, which would store pos every step
        String str = s;
        int p = pos;
        int stop = end;
        boolean escapes = false;
        int any = 0;
        while (true) {
            if (p >= stop) {
                throw MALFORMED_INPUT;
            }
            char c = str.charAt(p++);
            any |= c;
            if (c == '"') {
                pos = p;
                asciiString = any < 0x80;
                return escapes;
            }
            if (c == '\\') {
                escapes = true;
                pos = p;
                escape(null);
                p = pos;
            } else if (c < 0x20) {
                throw MALFORMED_INPUT;
            }
        }
    }

    /** JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    private void number() {
        if (peek() == '-') {
            pos++;
        }
        char c = next();
        if (c == '0') {
            // no more integer digits
        } else if (c >= '1' && c <= '9') {
            pos = skipDigits(pos);
        } else {
            throw MALFORMED_INPUT;
        }
        if (pos < end && s.charAt(pos) == '.') {
            pos++;
            digits();
        }
        if (pos < end && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            pos++;
            if (pos < end && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                pos++;
            }
            digits();
        }
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
        String str = s;
        int p = from;
        int stop = end;
        while (p < stop && isDigit(str.charAt(p))) {
            p++;
        }
        return p;
    }

    private boolean hasExponent(int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == 'e' || c == 'E') {
                return true;
            }
        }
        return false;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void literal(String word) {
        if (!s.startsWith(word, pos)) {
            throw MALFORMED_INPUT;
        }
        pos += word.length();
    }

    private void skipWs() {
        String str = s;
        int p = pos;
        int stop = end;
        while (p < stop) {
            char c = str.charAt(p);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                break;
            }
            p++;
        }
        pos = p;
    }

    private char peek() {
        if (pos >= end) {
            throw MALFORMED_INPUT;
        }
        return s.charAt(pos);
    }

    private char next() {
        if (pos >= end) {
            throw MALFORMED_INPUT;
        }
        return s.charAt(pos++);
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
