package dev.ferry.pipeline.stage;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.ferry.pipeline.Emitter;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.ProblemCounter;
import dev.ferry.pipeline.Stage;
import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.StageContext;
import dev.ferry.pipeline.config.InvalidFieldException;
import dev.ferry.pipeline.gotemplate.GoTemplate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code replace}, with Alloy's semantics exactly: in the line (or the extracted value {@code
 * source}) every match of {@code expression} is found, and only its <em>capture groups</em> are
 * replaced, each by the template {@code replace} run with {@code .Value} = the captured text (and
 * every extracted value by name). Named groups are then extracted with their replaced text. An
 * expression without a capture group therefore changes nothing — {@code ferry check} warns — and
 * an empty {@code replace} deletes what the groups captured.
 */
final class ReplaceStage implements Stage {
    static final String NEVER_CHANGES = "the expression has no capture group, so this stage never changes anything"
            + " (replace rewrites only what the groups capture, as in Alloy: write e.g. `^(30)$`)";

    record Config(Pattern expression, String source, GoTemplate replace) implements StageConfig {
        Config {
            if (expression == null) {
                throw new InvalidFieldException("expression", "expression is required");
            }
            if (source != null && source.isEmpty()) {
                throw new InvalidFieldException("source", "source must not be empty (leave it out to use the line)");
            }
            if (replace == null) {
                throw new InvalidFieldException("replace", "replace is required");
            }
        }

        static Config parse(StageArgs a) {
            String expression = a.requiredString("expression");
            String source = a.string("source");
            String replace = a.string("replace", "");
            if (!a.finish()) {
                return null;
            }
            Config c = a.build(() -> new Config(
                    Regexes.compile("expression", expression), source, Templates.compile("replace", replace)));
            if (c != null && c.expression().groupCount() == 0) {
                a.warning("expression", NEVER_CHANGES);
            }
            return c;
        }

        @Override
        public String stageName() {
            return "replace";
        }

        @Override
        public Stage newStage(StageContext context) {
            return new ReplaceStage(this, context);
        }
    }

    private final Pattern pattern;
    private final Matcher matcher;
    private final String source;
    private final GoTemplate replace;
    private final int groupCount;
    private final List<Map.Entry<String, Integer>> named;
    private final Templates.Data data = new Templates.Data(false);
    private final StringBuilder out = new StringBuilder(128);
    private final StringBuilder scratch = new StringBuilder(32);
    private final ProblemCounter failures;

    private ReplaceStage(Config config, StageContext context) {
        this.pattern = config.expression();
        this.matcher = pattern.matcher("");
        this.source = config.source();
        this.replace = config.replace();
        this.groupCount = pattern.groupCount();
        this.named = RegexStage.groupNames(pattern);
        this.failures = context.quietProblems("template_failed");
    }

    @Override
    public void process(Entry entry, Emitter emitter) {
        if (groupCount > 0) {
            String input = source == null ? entry.line() : entry.extracted().get(source);
            if (input != null) {
                replace(entry, input);
            }
        }
        emitter.emit(entry);
    }

    private void replace(Entry entry, String input) {
        matcher.reset(input);
        out.setLength(0);
        String[] firstMatch = null;
        Map<String, String> captured = null;
        int previousEnd = 0;
        int pos = 0;
        int prevMatchEnd = -1;
        int len = input.length();
        // Go's FindAll: successive matches, an empty match right after a previous one ignored.
        while (pos <= len && matcher.find(pos)) {
            int start = matcher.start();
            int end = matcher.end();
            boolean accept = true;
            if (end == pos) {
                if (start == prevMatchEnd) {
                    accept = false;
                }
                pos += pos < len ? Character.charCount(input.codePointAt(pos)) : 1;
            } else {
                pos = end;
            }
            prevMatchEnd = end;
            if (!accept) {
                continue;
            }
            if (firstMatch == null) {
                firstMatch = new String[groupCount + 1];
                for (int g = 1; g <= groupCount; g++) {
                    firstMatch[g] = matcher.group(g);
                }
                captured = new HashMap<>();
            }
            for (int g = 1; g <= groupCount; g++) {
                int gs = matcher.start(g);
                if (gs < 0) {
                    continue;
                }
                int ge = matcher.end(g);
                String text = input.substring(gs, ge);
                scratch.setLength(0);
                if (!replace.execute(data.reset(entry, text), scratch)) {
                    failures.report(source == null ? "line" : source);
                    return; // Alloy leaves the entry unchanged when the template fails
                }
                String replaced = scratch.toString();
                if (previousEnd == 0 || previousEnd <= gs) {
                    out.append(input, previousEnd, gs).append(replaced);
                    previousEnd = ge;
                }
                captured.put(text, replaced);
            }
        }
        if (firstMatch == null) {
            return;
        }
        out.append(input, previousEnd, len);
        String result = out.toString();
        if (source == null) {
            entry.setLine(result);
        } else {
            entry.extracted().put(source, result);
        }
        for (Map.Entry<String, Integer> n : named) {
            String first = firstMatch[n.getValue()];
            String v = captured.get(first == null ? "" : first);
            if (v != null) {
                entry.extracted().put(n.getKey(), v);
            }
        }
    }
}
