package dev.ferry.agent.logging;

import java.util.Arrays;
import org.slf4j.helpers.MessageFormatter;

/**
 * A log message with its {@code {}} placeholders filled in as SLF4J fills them, remembering where each argument's
 * text went, so that {@code path={}} lifts the argument whole as the value of {@code path} whatever it holds (spaces,
 * quotes, {@code =}), while text around it is read as the caller wrote it.
 */
final class FormattedMessage {
    private static final int[] NONE = new int[0];

    private final String text;
    // start, end of each argument's text, in order
    private final int[] spans;
    private final int count;

    private FormattedMessage(String text, int[] spans, int count) {
        this.text = text;
        this.spans = spans;
        this.count = count;
    }

    /** Text with no arguments in it (a message built by the caller): every character is read as written. */
    static FormattedMessage literal(String text) {
        return new FormattedMessage(text == null ? "null" : text, NONE, 0);
    }

    /**
     * SLF4J's {@code MessageFormatter.basicArrayFormat}: {@code {}} takes the next argument, {@code \{}} is a literal
     * {@code {}}, {@code \\{}} a backslash then an argument; arguments beyond the placeholders are left out.
     */
    static FormattedMessage format(String pattern, Object[] arguments) {
        if (pattern == null || arguments == null || arguments.length == 0) {
            return literal(pattern);
        }
        StringBuilder b = new StringBuilder(pattern.length() + 16 * arguments.length);
        int[] spans = new int[2 * arguments.length];
        int count = 0;
        int i = 0;
        int argument = 0;
        while (argument < arguments.length) {
            int j = pattern.indexOf("{}", i);
            if (j < 0) {
                break;
            }
            boolean escaped = j > 0 && pattern.charAt(j - 1) == '\\';
            boolean escapedBackslash = escaped && j > 1 && pattern.charAt(j - 2) == '\\';
            if (escaped && !escapedBackslash) {
                b.append(pattern, i, j - 1).append('{');
                i = j + 1;
                continue;
            }
            b.append(pattern, i, escaped ? j - 1 : j);
            spans[2 * count] = b.length();
            append(b, arguments[argument++]);
            spans[2 * count + 1] = b.length();
            count++;
            i = j + 2;
        }
        b.append(pattern, i, pattern.length());
        return new FormattedMessage(b.toString(), spans, count);
    }

    private static void append(StringBuilder b, Object argument) {
        if (argument != null && argument.getClass().isArray()) {
            b.append(MessageFormatter.basicArrayFormat("{}", new Object[] {argument})); // arrays print as [a, b]
            return;
        }
        try {
            b.append(argument);
        } catch (RuntimeException e) {
            b.append("[FAILED toString()]"); // as SLF4J writes it: a broken toString must not lose the event
        }
    }

    String text() {
        return text;
    }

    /** Per character of {@link #text()}, whether an argument wrote it; null when none did. */
    boolean[] argumentChars() {
        if (count == 0) {
            return null;
        }
        boolean[] chars = new boolean[text.length()];
        for (int a = 0; a < count; a++) {
            Arrays.fill(chars, spans[2 * a], spans[2 * a + 1], true);
        }
        return chars;
    }
}
