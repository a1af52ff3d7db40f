package dev.ferry.agent.relabel;

import com.google.re2j.Matcher;
import java.util.Map;

/**
 * Go's {@code Regexp.Expand}: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}} and {@code $$}
 * in a template, with Go's rules (a name is the longest run of letters, digits and '_', so
 * {@code $1x} means group "1x"; an unknown group expands to nothing; a malformed {@code $} stays).
 * Prometheus and Alloy expand {@code target_label} and {@code replacement} this way.
 */
final class TemplateExpansion {
    private TemplateExpansion() {}

    /** True when the template refers to a group, so its value depends on the match. */
    static boolean hasReference(String template) {
        return template.indexOf('$') >= 0;
    }

    static String expand(String template, Matcher match, Map<String, Integer> namedGroups) {
        int dollar = template.indexOf('$');
        if (dollar < 0) {
            return template;
        }
        StringBuilder out = new StringBuilder(template.length() + 16);
        int i = 0;
        while (dollar >= 0) {
            out.append(template, i, dollar);
            i = dollar + 1;
            if (i < template.length() && template.charAt(i) == '$') {
                out.append('$');
                i++;
            } else {
                int consumed = appendReference(template, i, match, namedGroups, out);
                if (consumed < 0) {
                    out.append('$');
                } else {
                    i = consumed;
                }
            }
            dollar = template.indexOf('$', i);
        }
        out.append(template, i, template.length());
        return out.toString();
    }

    /** Appends the group named at {@code from}; returns the index after the reference, or -1 if malformed. */
    private static int appendReference(
            String t, int from, Matcher match, Map<String, Integer> namedGroups, StringBuilder out) {
        if (from >= t.length()) {
            return -1;
        }
        boolean brace = t.charAt(from) == '{';
        int start = brace ? from + 1 : from;
        int end = start;
        while (end < t.length()) {
            int cp = t.codePointAt(end);
            if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
                break;
            }
            end += Character.charCount(cp);
        }
        if (end == start) {
            return -1;
        }
        String name = t.substring(start, end);
        int next = end;
        if (brace) {
            if (end >= t.length() || t.charAt(end) != '}') {
                return -1;
            }
            next = end + 1;
        }
        int group = groupNumber(name);
        if (group < 0) {
            Integer named = namedGroups.get(name);
            group = named == null ? -1 : named;
        }
        if (group >= 0 && group <= match.groupCount()) {
            String value = match.group(group);
            if (value != null) {
                out.append(value);
            }
        }
        return next;
    }

    /** The group number a name spells, or -1: only ASCII digits, no leading zero, below 10^8 (Go's limits). */
    private static int groupNumber(String name) {
        if (name.length() > 1 && name.charAt(0) == '0') {
            return -1;
        }
        int num = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9' || num >= 100_000_000) {
                return -1;
            }
            num = num * 10 + (c - '0');
        }
        return num;
    }
}
