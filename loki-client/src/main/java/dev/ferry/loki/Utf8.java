package dev.ferry.loki;

/**
 * UTF-8 length and encoding of Java strings without intermediate arrays; a lone surrogate (text
 * that is not valid Unicode) becomes U+FFFD, the same in both, so sizes and bytes always agree.
 */
public final class Utf8 {
    private Utf8() {}

    /** Bytes that {@link #encode} writes for {@code s}. */
    public static int length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 2; // 4 bytes for two chars
                i++;
            } else {
                bytes += 2; // 3 bytes: BMP char, or U+FFFD for a lone surrogate
            }
        }
        return bytes;
    }

    /** The longest prefix of {@code s} within {@code maxBytes} UTF-8 bytes, never splitting a character. */
    public static String prefix(String s, int maxBytes) {
        int n = s.length();
        int bytes = 0;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            int charBytes;
            int chars = 1;
            if (c < 0x80) {
                charBytes = 1;
            } else if (c < 0x800) {
                charBytes = 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                charBytes = 4;
                chars = 2;
            } else {
                charBytes = 3; // a BMP char, or U+FFFD for a lone surrogate
            }
            if (bytes + charBytes > maxBytes) {
                break;
            }
            bytes += charBytes;
            i += chars;
        }
        return s.substring(0, i);
    }

    /** True when {@code s} contains a lone surrogate, which cannot be encoded and becomes U+FFFD. */
    public static boolean hasLoneSurrogate(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Writes {@code s} as UTF-8 at {@code offset}; {@code utf8Length} must be {@link #length(String)}
     * of {@code s}. Returns the offset after the last byte written.
     */
    @SuppressWarnings("deprecation")
    public static int encode(String s, int utf8Length, byte[] out, int offset) {
        int n = s.length();
        if (utf8Length == n) {
            // every char is ASCII: the JDK copies the low bytes (an arraycopy for compact strings)
            s.getBytes(0, n, out, offset);
            return offset + n;
        }
        int p = offset;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[p++] = (byte) c;
            } else if (c < 0x800) {
                out[p++] = (byte) (0xC0 | (c >> 6));
                out[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    out[p++] = (byte) (0xF0 | (cp >> 18));
                    out[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    out[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    out[p++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    out[p++] = (byte) 0xEF; // U+FFFD
                    out[p++] = (byte) 0xBF;
                    out[p++] = (byte) 0xBD;
                }
            } else {
                out[p++] = (byte) (0xE0 | (c >> 12));
                out[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return p;
    }
}
