package dev.ferry.pipeline.selector;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses LogQL stream selectors with optional line filters:
 *
 * <pre>
 * selector := '{' matcher (',' matcher)* '}' filter*
 * matcher  := name ('=' | '!=' | '=~' | '!~') string
 * filter   := ('|=' | '!=' | '|~' | '!~') string
 * string   := Go double-quoted string with escapes | `raw string`
 * </pre>
 *
 * Errors say what was expected and at which column (1-based).
 */
public final class SelectorParser {
    private final String s;
    private int pos;

    private SelectorParser(String s) {
        this.s = s;
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException with a message such as "at column 12: expected '=', '!=',
     *     '=~' or '!~' after label name 'app'"
     */
    public static StreamSelector parse(String text) {
        return new SelectorParser(text).selector();
    }

    private StreamSelector selector() {
        skipWs();
        if (!eat('{')) {
            throw error("a selector starts with '{', as in {app=\"api\"}");
        }
        List<LabelMatcher> matchers = new ArrayList<>();
        skipWs();
        if (peekIs('}')) {
            throw error("a selector needs at least one label matcher, as in {app=\"api\"}");
        }
        while (true) {
            skipWs();
            matchers.add(matcher());
            skipWs();
            if (eat(',')) {
                continue;
            }
            if (eat('}')) {
                break;
            }
            throw error(pos >= s.length() ? "the selector is not closed: expected '}'" : "expected ',' or '}'");
        }
        List<LineFilter> filters = new ArrayList<>();
        while (true) {
            skipWs();
            if (pos >= s.length()) {
                break;
            }
            filters.add(filter());
        }
        return new StreamSelector(matchers, filters);
    }

    private LabelMatcher matcher() {
        int start = pos;
        if (pos < s.length() && isNameStart(s.charAt(pos))) {
            pos++;
            while (pos < s.length() && isNamePart(s.charAt(pos))) {
                pos++;
            }
        }
        if (pos == start) {
            throw error("expected a label name ([a-zA-Z_][a-zA-Z0-9_]*)");
        }
        String name = s.substring(start, pos);
        skipWs();
        LabelMatcher.Op op;
        if (eat("=~")) {
            op = LabelMatcher.Op.REGEX;
        } else if (eat("!~")) {
            op = LabelMatcher.Op.NOT_REGEX;
        } else if (eat("!=")) {
            op = LabelMatcher.Op.NOT_EQUAL;
        } else if (eat('=')) {
            op = LabelMatcher.Op.EQUAL;
        } else {
            throw error("expected '=', '!=', '=~' or '!~' after label name '" + name + "'");
        }
        skipWs();
        int valueColumn = pos;
        String value = string();
        try {
            return new LabelMatcher(name, op, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("at column " + (valueColumn + 1) + ": " + e.getMessage());
        }
    }

    private LineFilter filter() {
        LineFilter.Op op;
        if (eat("|=")) {
            op = LineFilter.Op.CONTAINS;
        } else if (eat("!=")) {
            op = LineFilter.Op.NOT_CONTAINS;
        } else if (eat("|~")) {
            op = LineFilter.Op.REGEX;
        } else if (eat("!~")) {
            op = LineFilter.Op.NOT_REGEX;
        } else {
            throw error("expected a line filter ('|=', '!=', '|~' or '!~') or the end of the selector");
        }
        skipWs();
        int valueColumn = pos;
        String value = string();
        try {
            return new LineFilter(op, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("at column " + (valueColumn + 1) + ": " + e.getMessage());
        }
    }

    private String string() {
        if (eat('`')) {
            int end = s.indexOf('`', pos);
            if (end < 0) {
                throw error("the raw string is not closed: expected '`'");
            }
            String v = s.substring(pos, end);
            pos = end + 1;
            return v;
        }
        if (!eat('"')) {
            throw error("expected a quoted string (\"…\" or `…`)");
        }
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw error("the string is not closed: expected '\"'");
            }
            char c = s.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\n') {
                throw error("a quoted string cannot hold a newline");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= s.length()) {
                throw error("the string is not closed: expected '\"'");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append('\u000b');
                case '\\' -> sb.append('\\');
                case '"' -> sb.append('"');
                case 'x' -> sb.append((char) hex(2));
                case 'u' -> sb.appendCodePoint(codePoint(hex(4)));
                case 'U' -> sb.appendCodePoint(codePoint(hex(8)));
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    pos--;
                    int v = 0;
                    for (int k = 0; k < 3; k++) {
                        char o = pos < s.length() ? s.charAt(pos) : 'x';
                        if (o < '0' || o > '7') {
                            throw error("an octal escape needs three digits 0-7");
                        }
                        v = v * 8 + (o - '0');
                        pos++;
                    }
                    if (v > 255) {
                        throw error("octal escape value above \\377");
                    }
                    sb.append((char) v);
                }
                default -> {
                    pos--;
                    throw error("unknown escape '\\" + e + "' (write '\\\\' for a backslash, e.g. \"\\\\d+\")");
                }
            }
        }
    }

    private int hex(int digits) {
        int v = 0;
        for (int k = 0; k < digits; k++) {
            int d = pos < s.length() ? Character.digit(s.charAt(pos), 16) : -1;
            if (d < 0) {
                throw error("expected " + digits + " hex digits in the escape");
            }
            v = v * 16 + d;
            pos++;
        }
        return v;
    }

    private int codePoint(int v) {
        if (v > Character.MAX_CODE_POINT || (v >= 0xD800 && v <= 0xDFFF)) {
            throw error("escape is not a valid Unicode code point");
        }
        return v;
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    private void skipWs() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private boolean peekIs(char c) {
        return pos < s.length() && s.charAt(pos) == c;
    }

    private boolean eat(char c) {
        if (peekIs(c)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean eat(String token) {
        if (s.startsWith(token, pos)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException("at column " + (pos + 1) + ": " + message);
    }

    /** A Go-style double-quoted form of {@code v}, for display. */
    static String quote(String v) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
