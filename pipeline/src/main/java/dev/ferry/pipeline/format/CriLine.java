package dev.ferry.pipeline.format;

import dev.ferry.pipeline.gotime.GoTimeFormat;

/**
 * One line of the CRI log format ({@code 2026-01-27T12:39:48.421234567Z stdout F message}) as
 * container runtimes write under /var/log/pods. Parsed leniently, as Alloy does: several spaces
 * between fields are fine, the flag may be missing (full line), the content may be empty, and the
 * timestamp is the first token, checked only by {@link #epochNanos()}.
 *
 * @param timestamp the raw first token
 * @param stderr true for stderr, false for stdout
 * @param partial true for a {@code P} line: the runtime split a long line, the next part follows
 * @param content the log text after the header
 */
public record CriLine(String timestamp, boolean stderr, boolean partial, String content) {
    private static final GoTimeFormat RFC3339_NANO = GoTimeFormat.compile("RFC3339Nano", null);

    /** The parsed line, or null when {@code line} is not CRI (no stdout/stderr after the first token). */
    public static CriLine parse(String line) {
        int n = line.length();
        int sp = 0;
        while (sp < n && !Character.isWhitespace(line.charAt(sp))) {
            sp++;
        }
        String timestamp;
        int p;
        if (sp == n) {
            timestamp = "";
            p = 0;
        } else {
            timestamp = line.substring(0, sp);
            p = skipSpaces(line, sp);
        }
        boolean stderr;
        if (line.startsWith("stdout", p)) {
            stderr = false;
        } else if (line.startsWith("stderr", p)) {
            stderr = true;
        } else {
            return null;
        }
        p = skipSpaces(line, p + 6);
        boolean partial = false;
        if (p < n) {
            char flag = line.charAt(p);
            if (flag == 'P') {
                partial = true;
                p++;
            } else if (flag == 'F') {
                p++;
            }
            p = skipSpaces(line, p);
        }
        return new CriLine(timestamp, stderr, partial, line.substring(p));
    }

    /** "stdout" or "stderr", the value of the {@code stream} label. */
    public String stream() {
        return stderr ? "stderr" : "stdout";
    }

    /** The timestamp (RFC 3339 with nanoseconds) in epoch nanoseconds, or {@link GoTimeFormat#FAILED}. */
    public long epochNanos() {
        return RFC3339_NANO.parse(timestamp, 0);
    }

    private static int skipSpaces(String s, int p) {
        while (p < s.length() && s.charAt(p) == ' ') {
            p++;
        }
        return p;
    }
}
