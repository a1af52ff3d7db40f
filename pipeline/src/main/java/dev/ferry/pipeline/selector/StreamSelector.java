package dev.ferry.pipeline.selector;

import dev.ferry.pipeline.LabelMap;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A LogQL stream selector with optional line filters, as {@code match} takes it: {@code
 * {namespace="plex", source=~"file|api"} |= "error"}. Parse with {@link SelectorParser#parse}.
 * Immutable and thread-safe.
 */
public final class StreamSelector {
    private final List<LabelMatcher> matchers;
    private final List<LineFilter> filters;

    public StreamSelector(List<LabelMatcher> matchers, List<LineFilter> filters) {
        this.matchers = List.copyOf(matchers);
        this.filters = List.copyOf(filters);
    }

    public List<LabelMatcher> matchers() {
        return matchers;
    }

    public List<LineFilter> filters() {
        return filters;
    }

    /** Whether an entry with these labels and this line is selected. */
    public boolean matches(LabelMap labels, String line) {
        for (int i = 0; i < matchers.size(); i++) {
            LabelMatcher m = matchers.get(i);
            if (!m.matches(labels.get(m.name()))) {
                return false;
            }
        }
        for (int i = 0; i < filters.size(); i++) {
            if (!filters.get(i).matches(line)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        String s = matchers.stream().map(LabelMatcher::toString).collect(Collectors.joining(", ", "{", "}"));
        for (LineFilter f : filters) {
            s += " " + f;
        }
        return s;
    }
}
