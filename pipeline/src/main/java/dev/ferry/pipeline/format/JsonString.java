package dev.ferry.pipeline.format;

/**
 * Writes a JSON string the way Go's {@code encoding/json} does: quote, backslash and control
 * characters escaped, and {@code <}, {@code >}, {@code &}, U+2028 and U+2029 as six-character
 * hexadecimal escapes; everything else as it is.
 */
public final class JsonString {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonString() {}

    /** Appends {@code s} to {@code sb} as a quoted JSON string. */
    public static void append(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        sb.append("\\u")
                                .append(HEX[c >> 12])
                                .append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF])
                                .append(HEX[c & 0xF]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
