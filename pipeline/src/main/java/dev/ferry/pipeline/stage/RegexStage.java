package dev.ferry.pipeline.stage;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.ferry.loki.Labels;
import dev.ferry.pipeline.Emitter;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.FieldMap;
import dev.ferry.pipeline.Stage;
import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.StageContext;
import dev.ferry.pipeline.config.InvalidFieldException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code regex}: matches an RE2 expression (Go syntax, {@code (?P<name>…)} groups) against the line,
 * or the extracted value {@code source}, and extracts each named group (a group that took no part
 * in the match extracts ""). No match, or a missing source, changes nothing. With {@code
 * labels_from_groups: true} the groups also become labels (when the group name is a valid label
 * name).
 */
final class RegexStage implements Stage {
    record Config(Pattern expression, String source, boolean labelsFromGroups) implements StageConfig {
        Config {
            if (expression == null) {
                throw new InvalidFieldException("expression", "expression is required");
            }
            if (source != null && source.isEmpty()) {
                throw new InvalidFieldException("source", "source must not be empty (leave it out to match the line)");
            }
        }

        static Config parse(StageArgs a) {
            String expression = a.requiredString("expression");
            String source = a.string("source");
            boolean labels = a.bool("labels_from_groups", false);
            if (!a.finish()) {
                return null;
            }
            Config c = a.build(() -> new Config(Regexes.compile("expression", expression), source, labels));
            if (c != null && groupNames(c.expression()).isEmpty()) {
                a.warning(
                        "expression", "the expression has no named group (?P<name>…), so this stage extracts nothing");
            }
            return c;
        }

        @Override
        public String stageName() {
            return "regex";
        }

        @Override
        public Stage newStage(StageContext context) {
            return new RegexStage(this);
        }
    }

    /** Named groups in group-number order. */
    static List<Map.Entry<String, Integer>> groupNames(Pattern p) {
        List<Map.Entry<String, Integer>> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : p.namedGroups().entrySet()) {
            out.add(Map.entry(e.getKey(), e.getValue()));
        }
        out.sort(Map.Entry.comparingByValue());
        return out;
    }

    private final Matcher matcher;
    private final String source;
    private final String[] names;
    private final int[] groups;
    private final boolean[] validLabel;
    private final boolean labelsFromGroups;

    private RegexStage(Config config) {
        this.matcher = config.expression().matcher("");
        this.source = config.source();
        List<Map.Entry<String, Integer>> named = groupNames(config.expression());
        this.names = new String[named.size()];
        this.groups = new int[named.size()];
        this.validLabel = new boolean[named.size()];
        for (int i = 0; i < named.size(); i++) {
            names[i] = named.get(i).getKey();
            groups[i] = named.get(i).getValue();
            validLabel[i] = Labels.isValidName(names[i]);
        }
        this.labelsFromGroups = config.labelsFromGroups();
    }

    @Override
    public void process(Entry entry, Emitter out) {
        String input = source == null ? entry.line() : entry.extracted().get(source);
        if (input != null && matcher.reset(input).find()) {
            FieldMap extracted = entry.extracted();
            for (int i = 0; i < names.length; i++) {
                String v = matcher.group(groups[i]);
                if (v == null) {
                    v = "";
                }
                extracted.put(names[i], v);
                if (labelsFromGroups && validLabel[i]) {
                    entry.labels().put(names[i], v);
                }
            }
        }
        out.emit(entry);
    }
}
