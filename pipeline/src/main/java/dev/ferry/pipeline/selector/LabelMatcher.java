package dev.ferry.pipeline.selector;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Objects;

/**
 * One label test of a stream selector: {@code name="v"}, {@code name!="v"}, {@code name=~"re"},
 * {@code name!~"re"}. As in Loki (Prometheus matchers), a missing label has the value "", and regular
 * expressions match the whole value, with {@code .} matching newlines too. Immutable and thread-safe.
 */
public final class LabelMatcher {
    /** The four operators. */
    public enum Op {
        EQUAL("="),
        NOT_EQUAL("!="),
        REGEX("=~"),
        NOT_REGEX("!~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    private final String name;
    private final Op op;
    private final String value;
    private final Pattern pattern; // anchored, for REGEX and NOT_REGEX

    /**
     * A matcher.
     *
     * @throws IllegalArgumentException when a regular expression does not compile
     */
    public LabelMatcher(String name, Op op, String value) {
        this.name = Objects.requireNonNull(name, "name");
        this.op = Objects.requireNonNull(op, "op");
        this.value = Objects.requireNonNull(value, "value");
        if (op == Op.REGEX || op == Op.NOT_REGEX) {
            try {
                this.pattern = Pattern.compile("^(?s:" + value + ")$");
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "the expression for label '" + name + "' does not compile: " + e.getDescription());
            }
        } else {
            this.pattern = null;
        }
    }

    public String name() {
        return name;
    }

    public Op op() {
        return op;
    }

    public String value() {
        return value;
    }

    /** Whether a label value (null: the label is missing) passes this test. */
    public boolean matches(String labelValue) {
        String v = labelValue == null ? "" : labelValue;
        return switch (op) {
            case EQUAL -> v.equals(value);
            case NOT_EQUAL -> !v.equals(value);
            case REGEX -> pattern.matcher(v).find();
            case NOT_REGEX -> !pattern.matcher(v).find();
        };
    }

    @Override
    public String toString() {
        return name + op.symbol + SelectorParser.quote(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMatcher m && m.name.equals(name) && m.op == op && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, op, value);
    }
}
