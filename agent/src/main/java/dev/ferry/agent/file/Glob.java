package dev.ferry.agent.file;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * One compiled glob: where to start walking (the longest leading run of plain path segments), how
 * deep to go, and the matchers. {@code **}{@code /} matches zero or more directories, as in Promtail,
 * so each of its occurrences is compiled both with and without it.
 */
final class Glob {
    private final String pattern;
    private final Path base;
    private final int maxDepth;
    private final List<PathMatcher> matchers;

    private Glob(String pattern, Path base, int maxDepth, List<PathMatcher> matchers) {
        this.pattern = pattern;
        this.base = base;
        this.maxDepth = maxDepth;
        this.matchers = matchers;
    }

    /** Throws a message starting with {@code where} when {@code glob} cannot be used. */
    static void check(String glob, String where) {
        if (glob == null || glob.isBlank()) {
            throw new IllegalArgumentException(where + ": empty glob");
        }
        try {
            compile(glob);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(where + ": glob '" + glob + "' does not compile: " + e.getDescription());
        }
    }

    static Glob compile(String glob) {
        String absolute =
                Path.of(glob).isAbsolute() ? glob : Path.of("").toAbsolutePath().toString() + "/" + glob;
        String[] segments = absolute.split("/+");
        StringBuilder base = new StringBuilder();
        int firstWild = segments.length;
        for (int i = 0; i < segments.length; i++) {
            if (hasMeta(segments[i])) {
                firstWild = i;
                break;
            }
        }
        if (firstWild == segments.length) {
            firstWild = segments.length - 1; // a plain path: walk its directory, one level
        }
        for (int i = 0; i < firstWild; i++) {
            if (!segments[i].isEmpty()) {
                base.append('/').append(segments[i]);
            }
        }
        boolean deep = false;
        for (int i = firstWild; i < segments.length; i++) {
            deep |= segments[i].contains("**");
        }
        int maxDepth = deep ? Integer.MAX_VALUE : segments.length - firstWild;
        List<PathMatcher> matchers = new ArrayList<>();
        for (String variant : variants(absolute)) {
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + variant));
        }
        return new Glob(glob, Path.of(base.isEmpty() ? "/" : base.toString()), maxDepth, List.copyOf(matchers));
    }

    private static boolean hasMeta(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    /** Every pattern made by keeping or removing each {@code **}{@code /}. */
    private static Set<String> variants(String glob) {
        Set<String> out = new LinkedHashSet<>();
        out.add(glob);
        int at = glob.indexOf("**/");
        if (at >= 0) {
            for (String rest : variants(glob.substring(at + 3))) {
                out.add(glob.substring(0, at + 3) + rest);
                out.add(glob.substring(0, at) + rest);
            }
        }
        return out;
    }

    boolean matches(Path path) {
        for (PathMatcher m : matchers) {
            if (m.matches(path)) {
                return true;
            }
        }
        return false;
    }

    Path base() {
        return base;
    }

    int maxDepth() {
        return maxDepth;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
