package dev.ferry.pipeline.gotemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Go's strings functions with Go's semantics (per code point, no locale, Go's idea of space). */
final class GoStrings {
    private GoStrings() {}

    static String toLower(String s) {
        return changeCase(s, false);
    }

    static String toUpper(String s) {
        return changeCase(s, true);
    }

    /** The string with every letter changed to the case; returns {@code s} itself when nothing changes in ASCII. */
    private static String changeCase(String s, boolean upper) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c >= 0x80 || (upper ? c >= 'a' && c <= 'z' : c >= 'A' && c <= 'Z')) {
                break;
            }
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder sb = new StringBuilder(n);
        sb.append(s, 0, i);
        while (i < n) {
            int cp = s.codePointAt(i);
            sb.appendCodePoint(upper ? Character.toUpperCase(cp) : Character.toLowerCase(cp));
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    /** strings.Replace: the first n (all if n < 0) non-overlapping old become new. */
    static String replace(String s, String old, String replacement, long n) {
        if (n == 0 || old.equals(replacement)) {
            return s;
        }
        StringBuilder sb = null;
        int done = 0;
        int from = 0;
        if (old.isEmpty()) {
            // Go inserts the replacement before every code point and at the end, up to n times.
            sb = new StringBuilder(s.length() + replacement.length() * 4);
            int i = 0;
            while (i <= s.length() && (n < 0 || done < n)) {
                sb.append(replacement);
                done++;
                if (i == s.length()) {
                    i++;
                    break;
                }
                int cp = s.codePointAt(i);
                sb.appendCodePoint(cp);
                i += Character.charCount(cp);
            }
            if (i < s.length()) {
                sb.append(s, i, s.length());
            }
            return sb.toString();
        }
        while (n < 0 || done < n) {
            int at = s.indexOf(old, from);
            if (at < 0) {
                break;
            }
            if (sb == null) {
                sb = new StringBuilder(s.length());
            }
            sb.append(s, from, at).append(replacement);
            from = at + old.length();
            done++;
        }
        if (sb == null) {
            return s;
        }
        return sb.append(s, from, s.length()).toString();
    }

    static String trimLeft(String s, String cutset) {
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (cutset.indexOf(cp) < 0) {
                break;
            }
            i += Character.charCount(cp);
        }
        return s.substring(i);
    }

    static String trimRight(String s, String cutset) {
        int i = s.length();
        while (i > 0) {
            int cp = s.codePointBefore(i);
            if (cutset.indexOf(cp) < 0) {
                break;
            }
            i -= Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    static String trim(String s, String cutset) {
        return trimRight(trimLeft(s, cutset), cutset);
    }

    static String trimSpace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** Go's unicode.IsSpace (every such code point is in the BMP). */
    static boolean isSpace(char c) {
        if (c < 0x80) {
            return c == ' ' || (c >= '\t' && c <= '\r');
        }
        if (c == 0x85 || c == 0xA0) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.SPACE_SEPARATOR
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    static String trimPrefix(String s, String prefix) {
        return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
    }

    static String trimSuffix(String s, String suffix) {
        return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
    }

    static String digestHex(String algorithm, String input) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            return HexFormat.of().formatHex(digest.digest(input.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }
}
