package dev.ferry.agent.logging;

import java.util.Arrays;

/**
 * A formatted message split into its leading words and the {@code key=value} pairs that follow them, so that
 * {@code loki endpoint=default push failed} stays one msg while {@code push failed endpoint=default status=429}
 * becomes msg {@code push failed} plus two fields.
 *
 * <p>Lifting is all or nothing: the pairs are lifted only when everything after the first {@code key=} parses as
 * pairs (a value is a bare token or {@code "…"} closed by a quote before a space or the end), no key repeats and
 * none is a field the line writes itself. Otherwise the whole message is the msg, so a message never loses text.
 * Values are taken as written (callers quote them but do not escape them); the line writer escapes them.
 */
final class MessageFields {
    private static final int[] NONE = new int[0];

    private final String message;
    private final int wordsEnd;
    // keyStart, keyEnd, valueStart, valueEnd per pair
    private final int[] spans;
    private final int pairs;

    private MessageFields(String message, int wordsEnd, int[] spans, int pairs) {
        this.message = message;
        this.wordsEnd = wordsEnd;
        this.spans = spans;
        this.pairs = pairs;
    }

    static MessageFields parse(String message) {
        int n = message.length();
        int i = 0;
        int first = -1;
        while (i < n) {
            while (i < n && message.charAt(i) == ' ') {
                i++;
            }
            if (i < n && equalsSign(message, i) > 0) {
                first = i;
                break;
            }
            while (i < n && message.charAt(i) != ' ') {
                i++;
            }
        }
        if (first < 0) {
            return whole(message);
        }
        int[] spans = new int[16];
        int pairs = 0;
        i = first;
        while (true) {
            while (i < n && message.charAt(i) == ' ') {
                i++;
            }
            if (i >= n) {
                break;
            }
            int eq = equalsSign(message, i);
            if (eq < 0) {
                return whole(message);
            }
            int keyStart = i;
            int valueStart;
            int valueEnd;
            i = eq + 1;
            if (i < n && message.charAt(i) == '"') {
                int close = closingQuote(message, i + 1);
                if (close < 0) {
                    return whole(message);
                }
                valueStart = i + 1;
                valueEnd = close;
                i = close + 1;
            } else {
                valueStart = i;
                while (i < n && message.charAt(i) != ' ') {
                    i++;
                }
                valueEnd = i;
            }
            if (isReserved(message, keyStart, eq) || repeats(message, spans, pairs, keyStart, eq)) {
                return whole(message);
            }
            if (pairs * 4 == spans.length) {
                spans = Arrays.copyOf(spans, spans.length * 2);
            }
            spans[pairs * 4] = keyStart;
            spans[pairs * 4 + 1] = eq;
            spans[pairs * 4 + 2] = valueStart;
            spans[pairs * 4 + 3] = valueEnd;
            pairs++;
        }
        int wordsEnd = first;
        while (wordsEnd > 0 && message.charAt(wordsEnd - 1) == ' ') {
            wordsEnd--;
        }
        return new MessageFields(message, wordsEnd, spans, pairs);
    }

    private static MessageFields whole(String message) {
        return new MessageFields(message, message.length(), NONE, 0);
    }

    /** The index of the {@code =} ending a key that starts at {@code start}, or -1 if no key starts there. */
    private static int equalsSign(String s, int start) {
        int n = s.length();
        char c = s.charAt(start);
        if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
            return -1;
        }
        for (int i = start + 1; i < n; i++) {
            c = s.charAt(i);
            if (c == '=') {
                return i;
            }
            if (!(c == '_'
                    || c == '.'
                    || c == '-'
                    || (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9'))) {
                return -1;
            }
        }
        return -1;
    }

    /** The first quote from {@code from} that a space or the end follows, or -1. */
    private static int closingQuote(String s, int from) {
        int n = s.length();
        for (int i = from; i < n; i++) {
            if (s.charAt(i) == '"' && (i + 1 == n || s.charAt(i + 1) == ' ')) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isReserved(String s, int start, int end) {
        return is(s, start, end, "ts")
                || is(s, start, end, "level")
                || is(s, start, end, "logger")
                || is(s, start, end, "msg")
                || is(s, start, end, "stack");
    }

    private static boolean repeats(String s, int[] spans, int pairs, int start, int end) {
        for (int p = 0; p < pairs; p++) {
            int ks = spans[p * 4];
            int ke = spans[p * 4 + 1];
            if (ke - ks == end - start && s.regionMatches(ks, s, start, end - start)) {
                return true;
            }
        }
        return false;
    }

    private static boolean is(String s, int start, int end, String word) {
        return end - start == word.length() && s.startsWith(word, start);
    }

    String message() {
        return message;
    }

    /** The msg is {@code message()} from 0 to here. */
    int wordsEnd() {
        return wordsEnd;
    }

    int pairs() {
        return pairs;
    }

    int keyStart(int pair) {
        return spans[pair * 4];
    }

    int keyEnd(int pair) {
        return spans[pair * 4 + 1];
    }

    int valueStart(int pair) {
        return spans[pair * 4 + 2];
    }

    int valueEnd(int pair) {
        return spans[pair * 4 + 3];
    }

    boolean keyIs(int pair, String word) {
        return is(message, keyStart(pair), keyEnd(pair), word);
    }
}
