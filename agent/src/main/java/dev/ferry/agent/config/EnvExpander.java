package dev.ferry.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Expands {@code ${VAR}}, {@code ${VAR:-default}} and {@code ${VAR:+alternative}} in a config
 * file's text before it is parsed, as Promtail's {@code -config.expand-env} does; {@code $$} is a
 * literal {@code $}. Only names that start with a letter or '_' are variables, so a relabel
 * replacement such as {@code ${1}} stays as written. Expanding the text (not parsed values) keeps
 * every line and column of the file where the user wrote it.
 */
public final class EnvExpander {
    private final Map<String, String> env;
    private final List<String> unset = new ArrayList<>();

    public EnvExpander(Map<String, String> env) {
        this.env = env;
    }

    /** Names used without a default that were not set (they expand to ""). */
    public List<String> unsetVariables() {
        return List.copyOf(unset);
    }

    public String expand(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 >= text.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = text.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            if (next != '{') {
                out.append(c);
                i++;
                continue;
            }
            int close = text.indexOf('}', i + 2);
            if (close < 0 || !startsWithName(text, i + 2)) {
                out.append(c);
                i++;
                continue;
            }
            out.append(resolve(text.substring(i + 2, close)));
            i = close + 1;
        }
        return out.toString();
    }

    private static boolean startsWithName(String text, int at) {
        if (at >= text.length()) {
            return false;
        }
        char c = text.charAt(at);
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private String resolve(String expr) {
        int n = 0;
        while (n < expr.length() && isNameChar(expr.charAt(n))) {
            n++;
        }
        String name = expr.substring(0, n);
        String rest = expr.substring(n);
        String value = env.get(name);
        boolean set = value != null && !value.isEmpty();
        if (rest.startsWith(":-")) {
            return set ? value : rest.substring(2);
        }
        if (rest.startsWith(":+")) {
            return set ? rest.substring(2) : "";
        }
        if (!rest.isEmpty()) {
            return "${" + expr + "}"; // not a form we know: leave it for the reader to see
        }
        if (value == null && !unset.contains(name)) {
            unset.add(name);
        }
        return value == null ? "" : value;
    }

    private static boolean isNameChar(char c) {
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
