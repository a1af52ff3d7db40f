package dev.ferry.agent.relabel;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.ferry.loki.Labels;
import java.util.List;

/**
 * One relabel rule, as Alloy's {@code rule} block and Prometheus's {@code relabel_configs} entry
 * write it. Absent fields (null, or 0 for {@code modulus}) take Alloy's defaults; the rule is
 * checked here, once, with Alloy's messages, so a bad rule fails when the config is loaded.
 *
 * @param sourceLabels labels whose values are joined with {@code separator}; default none
 * @param separator default {@code ;}
 * @param regex RE2 syntax, anchored at both ends; default {@code (.*)}
 * @param modulus for {@code hashmod} only
 * @param targetLabel may contain {@code $1}, {@code ${name}} for {@code replace}
 * @param replacement default {@code $1}
 * @param action default {@code replace}
 */
public record RelabelRule(
        List<String> sourceLabels,
        String separator,
        String regex,
        long modulus,
        String targetLabel,
        String replacement,
        RelabelAction action) {

    public static final String DEFAULT_SEPARATOR = ";";
    public static final String DEFAULT_REGEX = "(.*)";
    public static final String DEFAULT_REPLACEMENT = "$1";

    /** Alloy's check for a target label or labelmap replacement: a name, possibly with $ references. */
    private static final Pattern RELABEL_TARGET = Pattern.compile("^(?:(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w+))+\\w*)+$");

    public RelabelRule {
        boolean sourceLabelsGiven = sourceLabels != null && !sourceLabels.isEmpty();
        sourceLabels = sourceLabels == null ? List.of() : List.copyOf(sourceLabels);
        separator = separator == null ? DEFAULT_SEPARATOR : separator;
        regex = regex == null ? DEFAULT_REGEX : regex;
        targetLabel = targetLabel == null ? "" : targetLabel;
        replacement = replacement == null ? DEFAULT_REPLACEMENT : replacement;
        action = action == null ? RelabelAction.REPLACE : action;
        String act = action.configName();
        compile(regex);
        if (modulus < 0) {
            throw invalid("'modulus' must not be negative, got " + modulus);
        }
        if (modulus == 0 && action == RelabelAction.HASHMOD) {
            throw invalid("relabel configuration for hashmod requires non-zero modulus");
        }
        boolean needsTarget = switch (action) {
            case REPLACE, HASHMOD, LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> true;
            default -> false;
        };
        if (needsTarget && targetLabel.isEmpty()) {
            throw invalid("relabel configuration for " + act + " action requires 'target_label' value");
        }
        boolean templatedTarget = switch (action) {
            case REPLACE, LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> true;
            default -> false;
        };
        if (templatedTarget && !RELABEL_TARGET.matches(targetLabel)) {
            throw invalid("\"" + targetLabel + "\" is invalid 'target_label' for " + act + " action");
        }
        boolean fixedReplacement = switch (action) {
            case LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> true;
            default -> false;
        };
        if (fixedReplacement && !replacement.equals(DEFAULT_REPLACEMENT)) {
            throw invalid("'replacement' can not be set for " + act + " action");
        }
        if (action == RelabelAction.LABELMAP && !RELABEL_TARGET.matches(replacement)) {
            throw invalid("\"" + replacement + "\" is invalid 'replacement' for " + act + " action");
        }
        if (action == RelabelAction.HASHMOD && !Labels.isValidName(targetLabel)) {
            throw invalid("\"" + targetLabel + "\" is invalid 'target_label' for " + act + " action");
        }
        if ((action == RelabelAction.LABELDROP || action == RelabelAction.LABELKEEP)
                && (sourceLabelsGiven
                        || !targetLabel.isEmpty()
                        || modulus != 0
                        || !separator.equals(DEFAULT_SEPARATOR)
                        || !replacement.equals(DEFAULT_REPLACEMENT))) {
            throw invalid(act + " action requires only 'regex', and no other fields");
        }
        if ((action == RelabelAction.KEEPEQUAL || action == RelabelAction.DROPEQUAL)
                && (!regex.equals(DEFAULT_REGEX)
                        || modulus != 0
                        || !separator.equals(DEFAULT_SEPARATOR)
                        || !replacement.equals(DEFAULT_REPLACEMENT))) {
            throw invalid(act + " action requires only 'source_labels' and 'target_label', and no other fields");
        }
    }

    /** A {@code replace} rule with every other field at its default: copies the joined sources to {@code target}. */
    public static RelabelRule replace(String targetLabel, String... sourceLabels) {
        return new RelabelRule(List.of(sourceLabels), null, null, 0, targetLabel, null, RelabelAction.REPLACE);
    }

    /** The rule's expression compiled the way Alloy does: anchored at both ends. */
    Pattern compiledRegex() {
        return compile(regex);
    }

    private static Pattern compile(String regex) {
        try {
            return Pattern.compile("^(?:" + regex + ")$");
        } catch (PatternSyntaxException e) {
            throw invalid("'regex' does not compile: " + e.getMessage());
        }
    }

    private static IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException("relabel rule: " + message);
    }
}
