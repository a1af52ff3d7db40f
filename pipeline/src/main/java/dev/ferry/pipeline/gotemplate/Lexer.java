package dev.ferry.pipeline.gotemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a template into tokens as Go's text/template lexer does: text, {{ }} actions with their
 * words, {{- -}} trim markers (which remove the white space beside them) and comments.
 */
final class Lexer {
    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private boolean trimNextText;

    private Lexer(String src) {
        this.src = src;
    }

    static List<Token> lex(String src) throws TemplateException {
        Lexer lexer = new Lexer(src);
        lexer.run();
        return lexer.tokens;
    }

    private void run() throws TemplateException {
        int n = src.length();
        while (pos < n) {
            int open = src.indexOf("{{", pos);
            int textEnd = open < 0 ? n : open;
            boolean trimLeft = open >= 0 && hasLeftTrimMarker(open + 2);
            String text = src.substring(pos, textEnd);
            if (trimNextText) {
                text = stripLeading(text);
                trimNextText = false;
            }
            if (trimLeft) {
                text = stripTrailing(text);
            }
            if (!text.isEmpty()) {
                tokens.add(Token.of(Token.Kind.TEXT, text, pos));
            }
            if (open < 0) {
                pos = n;
                break;
            }
            pos = open + 2 + (trimLeft ? 2 : 0);
            if (src.startsWith("/*", pos)) {
                comment(open);
            } else {
                tokens.add(Token.of(Token.Kind.LEFT, "{{", open));
                action(open);
            }
        }
        tokens.add(Token.of(Token.Kind.EOF, "", n));
    }

    private void comment(int open) throws TemplateException {
        int close = src.indexOf("*/", pos + 2);
        if (close < 0) {
            throw TemplateException.at(src, open, "unclosed comment");
        }
        pos = close + 2;
        if (src.startsWith("}}", pos)) {
            pos += 2;
        } else if (pos + 1 < src.length() && isSpace(src.charAt(pos)) && src.startsWith("-}}", pos + 1)) {
            pos += 4;
            trimNextText = true;
        } else {
            throw TemplateException.at(src, close, "comment ends before closing delimiter");
        }
    }

    private void action(int open) throws TemplateException {
        int n = src.length();
        while (true) {
            if (pos >= n) {
                throw TemplateException.at(src, open, "unclosed action");
            }
            char c = src.charAt(pos);
            if (src.startsWith("}}", pos)) {
                tokens.add(Token.of(Token.Kind.RIGHT, "}}", pos));
                pos += 2;
                return;
            }
            if (isSpace(c)) {
                if (pos + 1 < n && src.charAt(pos + 1) == '-' && src.startsWith("}}", pos + 2)) {
                    tokens.add(Token.of(Token.Kind.RIGHT, "}}", pos + 2));
                    pos += 4;
                    trimNextText = true;
                    return;
                }
                pos++;
            } else if (c == '|') {
                tokens.add(Token.of(Token.Kind.PIPE, "|", pos++));
            } else if (c == '(') {
                tokens.add(Token.of(Token.Kind.OPEN, "(", pos++));
            } else if (c == ')') {
                tokens.add(Token.of(Token.Kind.CLOSE, ")", pos++));
            } else if (c == '"') {
                quoted();
            } else if (c == '`') {
                raw();
            } else if (c == '.') {
                field();
            } else if (isDigit(c) || ((c == '-' || c == '+') && pos + 1 < n && isDigit(src.charAt(pos + 1)))) {
                number();
            } else if (isLetter(c)) {
                int start = pos;
                while (pos < n && isAlnum(src.charAt(pos))) {
                    pos++;
                }
                tokens.add(Token.of(Token.Kind.IDENT, src.substring(start, pos), start));
            } else if (c == '$') {
                throw TemplateException.at(src, pos, "variables ($name) are not supported");
            } else if (c == '\'') {
                throw TemplateException.at(src, pos, "character constants are not supported: use a \"string\"");
            } else if (c == ':' || c == '=') {
                throw TemplateException.at(src, pos, "assignments are not supported");
            } else {
                throw TemplateException.at(src, pos, "unexpected '" + c + "' in action");
            }
        }
    }

    private void field() throws TemplateException {
        int start = pos++;
        int n = src.length();
        if (pos < n && isDigit(src.charAt(pos))) {
            throw TemplateException.at(src, start, "floating-point numbers are not supported");
        }
        if (pos >= n || !isAlnum(src.charAt(pos))) {
            tokens.add(Token.of(Token.Kind.DOT, ".", start));
            return;
        }
        while (pos < n && isAlnum(src.charAt(pos))) {
            pos++;
        }
        tokens.add(Token.of(Token.Kind.FIELD, src.substring(start + 1, pos), start));
    }

    private void number() throws TemplateException {
        int start = pos;
        int n = src.length();
        if (src.charAt(pos) == '-' || src.charAt(pos) == '+') {
            pos++;
        }
        while (pos < n && (isAlnum(src.charAt(pos)) || src.charAt(pos) == '.')) {
            pos++;
        }
        String text = src.substring(start, pos);
        try {
            long value;
            String digits = text.startsWith("+") ? text.substring(1) : text;
            boolean negative = digits.startsWith("-");
            String unsigned = negative ? digits.substring(1) : digits;
            if (unsigned.startsWith("0x") || unsigned.startsWith("0X")) {
                value = Long.parseLong(unsigned.substring(2), 16);
            } else {
                value = Long.parseLong(unsigned);
            }
            tokens.add(new Token(Token.Kind.NUMBER, text, negative ? -value : value, start));
        } catch (NumberFormatException e) {
            throw TemplateException.at(src, start, "bad number syntax: " + text + " (only integers are supported)");
        }
    }

    private void raw() throws TemplateException {
        int start = pos;
        int close = src.indexOf('`', pos + 1);
        if (close < 0) {
            throw TemplateException.at(src, start, "unterminated raw quoted string");
        }
        tokens.add(Token.of(Token.Kind.STRING, src.substring(pos + 1, close), start));
        pos = close + 1;
    }

    private void quoted() throws TemplateException {
        int start = pos++;
        int n = src.length();
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= n || src.charAt(pos) == '\n') {
                throw TemplateException.at(src, start, "unterminated quoted string");
            }
            char c = src.charAt(pos++);
            if (c == '"') {
                break;
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= n) {
                throw TemplateException.at(src, start, "unterminated quoted string");
            }
            char e = src.charAt(pos++);
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
                case 'x' -> sb.appendCodePoint(hex(start, 2));
                case 'u' -> sb.appendCodePoint(hex(start, 4));
                case 'U' -> sb.appendCodePoint(hex(start, 8));
                default -> {
                    if (e >= '0' && e <= '7' && pos + 1 < n) {
                        String oct = src.substring(pos - 1, pos + 2);
                        try {
                            int v = Integer.parseInt(oct, 8);
                            if (v > 255) {
                                throw new NumberFormatException();
                            }
                            sb.append((char) v);
                            pos += 2;
                        } catch (NumberFormatException ex) {
                            throw TemplateException.at(src, pos - 2, "invalid octal escape in string");
                        }
                    } else {
                        throw TemplateException.at(src, pos - 2, "unknown escape sequence \\" + e + " in string");
                    }
                }
            }
        }
        tokens.add(Token.of(Token.Kind.STRING, sb.toString(), start));
    }

    private int hex(int start, int digits) throws TemplateException {
        if (pos + digits > src.length()) {
            throw TemplateException.at(src, start, "invalid escape in string");
        }
        try {
            int v = Integer.parseInt(src.substring(pos, pos + digits), 16);
            if (!Character.isValidCodePoint(v)) {
                throw new NumberFormatException();
            }
            pos += digits;
            return v;
        } catch (NumberFormatException e) {
            throw TemplateException.at(src, pos - 2, "invalid escape in string");
        }
    }

    private boolean hasLeftTrimMarker(int at) {
        return at + 1 < src.length() && src.charAt(at) == '-' && isSpace(src.charAt(at + 1));
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return c == '_' || Character.isLetter(c);
    }

    private static boolean isAlnum(char c) {
        return isLetter(c) || Character.isDigit(c);
    }

    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    private static String stripTrailing(String s) {
        int i = s.length();
        while (i > 0 && isSpace(s.charAt(i - 1))) {
            i--;
        }
        return s.substring(0, i);
    }
}
