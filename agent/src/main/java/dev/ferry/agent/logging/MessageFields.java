package dev.ferry.agent.logging;

import java.util.Arrays;

/**
 * A formatted message split into its words (the msg) and its {@code key=value} pairs (fields of their own), so that
 * {@code loki endpoint=default push failed status=429} becomes msg {@code loki push failed} plus two fields.
 *
 * <p>A pair's key is text the caller wrote ({@code key=} in the pattern, never inside an argument). Its value is
 * either quoted ({@code "…"}, closed by a quote the caller wrote before a space or the end) or runs to the next space
 * the caller wrote: an argument's own spaces, quotes and {@code =} are part of the value, so {@code error="{}"} and
 * {@code path={}} carry any text whole. An argument outside a value is a word.
 *
 * <p>Lifting is all or nothing: when a quote is left open, a word holds a quote the caller wrote, a key repeats or a
 * key is one the line writes itself, the whole message is the msg, so a message never loses or garbles text. Values
 * are taken as written; the line writer escapes them.
 */
final class MessageFields {
    private static final int[] NONE = new int[0];

    private final String message;
    // start, end of each run of words, in order; the msg is these runs joined by one space
    private final int[] words;
    private final int runs;
    // keyStart, keyEnd, valueStart, valueEnd per pair
    private final int[] spans;
    private final int pairs;

    private MessageFields(String message, int[] words, int runs, int[] spans, int pairs) {
        this.message = message;
        this.words = words;
        this.runs = runs;
        this.spans = spans;
        this.pairs = pairs;
    }

    /** Reads a message built by the caller, every character as written. */
    static MessageFields parse(String message) {
        return parse(FormattedMessage.literal(message));
    }

    static MessageFields parse(FormattedMessage formatted) {
        String message = formatted.text();
        boolean[] argument = formatted.argumentChars();
        int n = message.length();
        int[] words = new int[4];
        int runs = 0;
        int[] spans = NONE;
        int pairs = 0;
        boolean afterWord = false;
        int i = 0;
        while (true) {
            while (i < n && isSpace(message, argument, i)) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int eq = equalsSign(message, argument, i);
            if (eq < 0) {
                int end = tokenEnd(message, argument, i);
                for (int c = i; c < end; c++) {
                    if (message.charAt(c) == '"' && !isArgument(argument, c)) {
                        return whole(message); // an unbalanced quote: which text is a value is anyone's guess
                    }
                }
                if (afterWord) {
                    words[runs * 2 - 1] = end;
                } else {
                    if (runs * 2 == words.length) {
                        words = Arrays.copyOf(words, words.length * 2);
                    }
                    words[runs * 2] = i;
                    words[runs * 2 + 1] = end;
                    runs++;
                }
                afterWord = true;
                i = end;
                continue;
            }
            int keyStart = i;
            int valueStart = eq + 1;
            int valueEnd;
            if (valueStart < n && message.charAt(valueStart) == '"' && !isArgument(argument, valueStart)) {
                int close = closingQuote(message, argument, valueStart + 1);
                if (close < 0) {
                    return whole(message);
                }
                valueStart++;
                valueEnd = close;
                i = close + 1;
            } else {
                valueEnd = tokenEnd(message, argument, valueStart);
                i = valueEnd;
            }
            if (isReserved(message, keyStart, eq) || repeats(message, spans, pairs, keyStart, eq)) {
                return whole(message);
            }
            if (pairs * 4 == spans.length) {
                spans = Arrays.copyOf(spans, Math.max(16, spans.length * 2));
            }
            spans[pairs * 4] = keyStart;
            spans[pairs * 4 + 1] = eq;
            spans[pairs * 4 + 2] = valueStart;
            spans[pairs * 4 + 3] = valueEnd;
            pairs++;
            afterWord = false;
        }
        return new MessageFields(message, words, runs, spans, pairs);
    }

    private static MessageFields whole(String message) {
        return new MessageFields(message, new int[] {0, message.length()}, 1, NONE, 0);
    }

    private static boolean isArgument(boolean[] argument, int i) {
        return argument != null && argument[i];
    }

    /** A space the caller wrote: it ends a word or an unquoted value. */
    private static boolean isSpace(String s, boolean[] argument, int i) {
        return s.charAt(i) == ' ' && !isArgument(argument, i);
    }

    private static int tokenEnd(String s, boolean[] argument, int from) {
        int i = from;
        while (i < s.length() && !isSpace(s, argument, i)) {
            i++;
        }
        return i;
    }

    /** The index of the {@code =} ending a key the caller wrote from {@code start}, or -1 if no key starts there. */
    private static int equalsSign(String s, boolean[] argument, int start) {
        int n = s.length();
        char c = s.charAt(start);
        if (isArgument(argument, start) || !(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
            return -1;
        }
        for (int i = start + 1; i < n; i++) {
            if (isArgument(argument, i)) {
                return -1;
            }
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

    /** The first quote the caller wrote from {@code from} that a space or the end follows, or -1. */
    private static int closingQuote(String s, boolean[] argument, int from) {
        int n = s.length();
        for (int i = from; i < n; i++) {
            if (s.charAt(i) == '"' && !isArgument(argument, i) && (i + 1 == n || isSpace(s, argument, i + 1))) {
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

    /** How many runs of words the msg has; it is {@code message()} over each run, joined by one space. */
    int wordRuns() {
        return runs;
    }

    int wordsStart(int run) {
        return words[run * 2];
    }

    int wordsEnd(int run) {
        return words[run * 2 + 1];
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
