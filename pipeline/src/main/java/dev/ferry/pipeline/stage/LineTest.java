package dev.ferry.pipeline.stage;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * An RE2 expression used as a yes/no test, as Go's {@code MatchString} (a match anywhere), with
 * shortcuts that give the same answer without running the regex engine:
 *
 * <ul>
 *   <li>"starts with a non-space": the usual multiline {@code firstline} expressions ({@code ^\S},
 *       {@code ^(\{|\S)}, …) are decided by the first character, which is not one of Go's {@code \s}
 *       characters {@code [\t\n\f\r ]};
 *   <li>literals every match contains: {@code .*GET /(api/)?health/(readiness|liveness).*} cannot
 *       match a line without both {@code "GET /"} and {@code "health/"}, so {@link String#contains}
 *       (longest literal first) rules most lines out before the regex runs (runs of plain characters outside groups, with a
 *       character before {@code ?}, {@code *} or {@code {} left out);
 *   <li>a leading or trailing {@code .*} never changes whether there is a match, so the regex runs
 *       without it;
 *   <li>an expression that is only a literal is {@link String#contains}.
 * </ul>
 *
 * Immutable; each stage instance takes its own {@link Matcher} from {@link #newMatcher()}.
 */
final class LineTest {
    private static final Set<String> FIRST_NON_SPACE = Set.of(
            "^\\S",
            "^(\\S)",
            "^(?:\\S)",
            "^[^\\s]",
            "^[\\S]",
            "^(\\{|\\S)",
            "^(\\S|\\{)",
            "^(?:\\{|\\S)",
            "^(?:\\S|\\{)",
            "^[{\\S]",
            "^[\\S{]",
            "^[\\{\\S]",
            "^[\\S\\{]");

    private enum Kind {
        FIRST_NON_SPACE,
        CONTAINS,
        LITERALS_THEN_REGEX,
        REGEX
    }

    private final Pattern pattern;
    private final Pattern matchPattern; // the pattern without a leading or trailing .*, same answer
    private final Kind kind;
    private final String prefix; // the line must start with this (anchored expressions), or null
    private final String[] literals; // the line must contain each of these; longest first

    private LineTest(Pattern pattern, Pattern matchPattern, Kind kind, String prefix, String[] literals) {
        this.pattern = pattern;
        this.matchPattern = matchPattern;
        this.kind = kind;
        this.prefix = prefix;
        // the longest literal is usually the rarest: a line without it is ruled out by one search
        this.literals = Arrays.stream(literals)
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toArray(String[]::new);
    }

    static LineTest of(Pattern pattern) {
        String re = pattern.pattern();
        if (FIRST_NON_SPACE.contains(re)) {
            return new LineTest(pattern, pattern, Kind.FIRST_NON_SPACE, null, new String[0]);
        }
        if (hasTopLevelAlternation(re) || pattern.flags() != 0 || hasFlagGroup(re)) {
            return new LineTest(pattern, pattern, Kind.REGEX, null, new String[0]);
        }
        String core = re;
        if (core.startsWith(".*") && !(core.length() > 2 && isQuantifier(core.charAt(2)))) {
            core = core.substring(2);
        }
        if (core.endsWith(".*") && core.length() >= 2 && !escaped(core, core.length() - 2)) {
            core = core.substring(0, core.length() - 2);
        }
        Pattern matchPattern = pattern;
        if (!core.equals(re) && !core.isEmpty()) {
            try {
                matchPattern = Pattern.compile(core);
            } catch (RuntimeException e) {
                matchPattern = pattern;
            }
        }
        boolean anchored = core.startsWith("^");
        String body = anchored ? core.substring(1) : core;
        List<String> runs = new ArrayList<>();
        boolean startsWithRun = requiredLiterals(body, runs);
        if (!anchored && runs.size() == 1 && runs.get(0).equals(body)) {
            return new LineTest(pattern, matchPattern, Kind.CONTAINS, null, new String[] {body});
        }
        String prefix = null;
        if (anchored && startsWithRun && !runs.isEmpty()) {
            prefix = runs.remove(0);
        }
        runs.removeIf(r -> r.length() < 2);
        if (prefix == null && runs.isEmpty()) {
            return new LineTest(pattern, matchPattern, Kind.REGEX, null, new String[0]);
        }
        return new LineTest(pattern, matchPattern, Kind.LITERALS_THEN_REGEX, prefix, runs.toArray(new String[0]));
    }

    Pattern pattern() {
        return pattern;
    }

    Matcher newMatcher() {
        return matchPattern.matcher("");
    }

    /** Whether the expression matches somewhere in {@code s}; {@code m} is this test's matcher. */
    boolean test(Matcher m, String s) {
        switch (kind) {
            case FIRST_NON_SPACE -> {
                if (s.isEmpty()) {
                    return false;
                }
                char c = s.charAt(0);
                return c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f';
            }
            case CONTAINS -> {
                return s.contains(literals[0]);
            }
            case LITERALS_THEN_REGEX -> {
                if (prefix != null && !s.startsWith(prefix)) {
                    return false;
                }
                for (String lit : literals) {
                    if (!s.contains(lit)) {
                        return false;
                    }
                }
                return m.reset(s).find();
            }
            default -> {
                return m.reset(s).find();
            }
        }
    }

    /**
     * Collects into {@code out} the runs of plain characters at the top level of {@code re} (outside
     * groups and classes) that every match contains, in order; returns whether the first run starts
     * the expression. The caller has checked there is no top-level alternation and no flags.
     */
    static boolean requiredLiterals(String re, List<String> out) {
        StringBuilder run = new StringBuilder();
        boolean startsWithRun = false;
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (inClass) {
                if (c == '\\') {
                    i++;
                } else if (c == ']') {
                    inClass = false;
                }
                continue;
            }
            if (depth > 0) {
                if (c == '\\') {
                    i++;
                } else if (c == '[') {
                    inClass = true;
                    i = skipClassStart(re, i);
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                }
                continue;
            }
            boolean plain = "\\.+*?()[]{}|^$".indexOf(c) < 0 && c < 0x80;
            if (plain) {
                boolean optional = i + 1 < re.length() && "*?{".indexOf(re.charAt(i + 1)) >= 0;
                if (optional) {
                    flush(run, out);
                    continue;
                }
                if (run.isEmpty() && out.isEmpty() && i == 0) {
                    startsWithRun = true;
                }
                run.append(c);
                continue;
            }
            flush(run, out);
            if (c == '\\') {
                i++; // an escape: not collected
            } else if (c == '[') {
                inClass = true;
                i = skipClassStart(re, i);
            } else if (c == '(') {
                depth++;
            } else if (c == '{') {
                int close = re.indexOf('}', i);
                i = close < 0 ? re.length() : close; // a repetition count is not a literal
            }
        }
        flush(run, out);
        return startsWithRun;
    }

    /** True when the expression sets flags inline ({@code (?i)}, {@code (?s:…)}), which can change what a literal matches. */
    static boolean hasFlagGroup(String re) {
        for (int i = re.indexOf("(?"); i >= 0; i = re.indexOf("(?", i + 1)) {
            if (escaped(re, i)) {
                continue;
            }
            String rest = re.substring(i + 2);
            if (!(rest.startsWith(":") || rest.startsWith("P<") || rest.startsWith("<"))) {
                return true;
            }
        }
        return false;
    }

    private static int skipClassStart(String re, int i) {
        // a ']' right after '[' or '[^' is a literal member, not the end
        if (i + 1 < re.length() && re.charAt(i + 1) == '^') {
            i++;
        }
        if (i + 1 < re.length() && re.charAt(i + 1) == ']') {
            i++;
        }
        return i;
    }

    private static void flush(StringBuilder run, List<String> out) {
        if (!run.isEmpty()) {
            out.add(run.toString());
            run.setLength(0);
        }
    }

    private static boolean isQuantifier(char c) {
        return c == '*' || c == '+' || c == '?' || c == '{';
    }

    private static boolean escaped(String s, int index) {
        int backslashes = 0;
        for (int i = index - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** True when {@code |} appears outside any group or class (then no literal is required). */
    static boolean hasTopLevelAlternation(String re) {
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
            } else if (c == '[') {
                inClass = true;
                if (i + 1 < re.length() && re.charAt(i + 1) == ']') {
                    i++;
                } else if (i + 2 < re.length() && re.charAt(i + 1) == '^' && re.charAt(i + 2) == ']') {
                    i += 2;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                return true;
            }
        }
        return false;
    }
}
