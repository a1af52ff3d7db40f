package dev.ferry.pipeline.selector;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Objects;

/**
 * A LogQL line filter after a selector: {@code |= "text"} (contains), {@code != "text"} (does not
 * contain), {@code |~ "re"} (an RE2 match anywhere in the line), {@code !~ "re"} (no match).
 * Immutable and thread-safe.
 */
public final class LineFilter {
    /** The four operators. */
    public enum Op {
        CONTAINS("|="),
        NOT_CONTAINS("!="),
        REGEX("|~"),
        NOT_REGEX("!~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    private final Op op;
    private final String value;
    private final Pattern pattern;

    public LineFilter(Op op, String value) {
        this.op = Objects.requireNonNull(op, "op");
        this.value = Objects.requireNonNull(value, "value");
        if (op == Op.REGEX || op == Op.NOT_REGEX) {
            try {
                this.pattern = Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "the line filter expression does not compile: " + e.getDescription());
            }
        } else {
            this.pattern = null;
        }
    }

    public Op op() {
        return op;
    }

    public String value() {
        return value;
    }

    public boolean matches(String line) {
        return switch (op) {
            case CONTAINS -> line.contains(value);
            case NOT_CONTAINS -> !line.contains(value);
            case REGEX -> pattern.matcher(line).find();
            case NOT_REGEX -> !pattern.matcher(line).find();
        };
    }

    @Override
    public String toString() {
        return op.symbol + " " + SelectorParser.quote(value);
    }
}
