package dev.ferry.pipeline.gotemplate;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * Go's Regexp.Expand for replacement text: {@code $1}, {@code $name}, {@code ${name}} and
 * {@code $$}; a name is the longest run of letters, digits and '_', and an unknown group is empty.
 */
final class GoExpand {
    private GoExpand() {}

    static void expand(String template, Matcher m, Pattern p, StringBuilder out) {
        int i = 0;
        int n = template.length();
        while (i < n) {
            char c = template.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < n && template.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            String name;
            int next;
            if (i + 1 < n && template.charAt(i + 1) == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0 || !isName(template, i + 2, close)) {
                    out.append('$');
                    i++;
                    continue;
                }
                name = template.substring(i + 2, close);
                next = close + 1;
            } else {
                int end = i + 1;
                while (end < n && isNameChar(template.charAt(end))) {
                    end++;
                }
                if (end == i + 1) {
                    out.append('$');
                    i++;
                    continue;
                }
                name = template.substring(i + 1, end);
                next = end;
            }
            String value = group(m, p, name);
            if (value != null) {
                out.append(value);
            }
            i = next;
        }
    }

    private static String group(Matcher m, Pattern p, String name) {
        boolean numeric = true;
        for (int k = 0; k < name.length(); k++) {
            if (!Character.isDigit(name.charAt(k))) {
                numeric = false;
                break;
            }
        }
        if (numeric) {
            try {
                int index = Integer.parseInt(name);
                return index <= m.groupCount() ? m.group(index) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        Integer index = p.namedGroups().get(name);
        return index == null ? null : m.group(index);
    }

    private static boolean isName(String s, int from, int to) {
        if (from == to) {
            return false;
        }
        for (int k = from; k < to; k++) {
            if (!isNameChar(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNameChar(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }
}
