package dev.ferry.pipeline.stage;

import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.config.ConfigNode;
import dev.ferry.pipeline.config.ConfigProblems;
import dev.ferry.pipeline.config.EditDistance;
import dev.ferry.pipeline.config.ListNode;
import dev.ferry.pipeline.config.MapNode;
import dev.ferry.pipeline.config.ScalarNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stages a pipeline may use, by their YAML name (Alloy's {@code loki.process} stage names in
 * snake_case).
 *
 * <p><b>Adding a stage</b> (one file, {@code FooStage.java} in this package):
 *
 * <ol>
 *   <li>{@code final class FooStage implements dev.ferry.pipeline.Stage} with a nested {@code record
 *       Config(...) implements StageConfig} whose compact constructor validates every field and throws
 *       {@link dev.ferry.pipeline.config.InvalidFieldException}{@code (field, "field must ...")};
 *       compile regexes and templates there ({@link Regexes#compile}); {@code newStage(ctx)} returns
 *       {@code new FooStage(this, ctx)}.
 *   <li>A {@code static Config parse(StageArgs a)}: read every argument with {@code a.string(..)},
 *       {@code a.integer(..)}, {@code a.duration(..)}, {@code a.stringMap(..)} …; then {@code if
 *       (!a.finish()) return null; return a.build(() -> new Config(...));}. Warnings (config that
 *       works but surely is not what the user meant) go through {@code a.warning(field, message)}.
 *   <li>Per-stage state lives in the instance; drop with a {@link dev.ferry.pipeline.Dropper} and
 *       count per-line problems with a {@link dev.ferry.pipeline.ProblemCounter}, both made in the
 *       constructor from the {@link dev.ferry.pipeline.StageContext}; read time from {@code
 *       ctx.time()}, never from the system clock.
 *   <li>Register it below in {@link #standard()}: {@code r.add("foo", FooStage.Config::parse);}.
 *   <li>One test file {@code FooStageTest} of named table cases (see {@code StageTester} in tests).
 * </ol>
 */
public final class StageRegistry {
    private final Map<String, StageParser> parsers = new LinkedHashMap<>();

    /** Every stage Ferry has. */
    public static StageRegistry standard() {
        StageRegistry r = new StageRegistry();
        // engine and core stages
        r.add("match", MatchStage.Config::parse);
        r.add("multiline", MultilineStage.Config::parse);
        r.add("drop", DropStage.Config::parse);
        r.add("json", JsonStage.Config::parse);
        r.add("regex", RegexStage.Config::parse);
        r.add("output", OutputStage.Config::parse);
        r.add("labels", LabelsStage.Config::parse);
        r.add("structured_metadata", StructuredMetadataStage.Config::parse);
        r.add("static_labels", StaticLabelsStage.Config::parse);
        r.add("label_drop", LabelDropStage.Config::parse);
        r.add("label_keep", LabelKeepStage.Config::parse);
        r.add("limit", LimitStage.Config::parse);
        r.add("map", MapStage.Config::parse); // Ferry's own: value tables such as pino's level names
        // formats, templates, timestamps, metrics (added by their authors below this line)
        r.add("template", TemplateStage.Config::parse);
        r.add("replace", ReplaceStage.Config::parse);
        r.add("timestamp", TimestampStage.Config::parse);
        r.add("cri", CriStage.Config::parse);
        r.add("docker", DockerStage.Config::parse);
        r.add("decolorize", DecolorizeStage.Config::parse);
        r.add("tenant", TenantStage.Config::parse);
        r.add("logfmt", LogfmtStage.Config::parse);
        r.add("pack", PackStage.Config::parse);
        r.add("metrics", MetricsStage.Config::parse);
        return r;
    }

    /** Registers a stage; a name may be registered once. */
    public StageRegistry add(String name, StageParser parser) {
        if (parsers.putIfAbsent(name, parser) != null) {
            throw new IllegalStateException("stage '" + name + "' is registered twice");
        }
        return this;
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(parsers.keySet());
    }

    /**
     * Parses a YAML list of stages, each a map with one key (the stage name) whose value is the
     * stage's arguments. Errors go to {@code problems}; stages with errors are left out.
     *
     * @param pathPrefix "" for a pipeline's stages, "3." for those nested in its third stage
     */
    public List<StageConfig> parseStages(
            ListNode list, ConfigProblems problems, String pipelineName, String pathPrefix) {
        List<StageConfig> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = pathPrefix + (i + 1);
            ConfigNode item = list.get(i);
            if (item instanceof ScalarNode bare && parsers.containsKey(bare.text())) {
                problems.error(
                        item.location(),
                        StageArgs.context(pipelineName, path, bare.text()),
                        "a stage needs a map of arguments: write `- " + bare.text() + ": {…}`");
                continue;
            }
            if (!(item instanceof MapNode m) || m.size() != 1) {
                problems.error(
                        item.location(),
                        StageArgs.context(pipelineName, path, null),
                        "a stage is a map with one key, its name (e.g. `- json: {expressions: {level: level}}`), got "
                                + (item instanceof MapNode m2 ? "a map with " + m2.size() + " keys" : item.describe()));
                continue;
            }
            MapNode.Field f = m.fields().iterator().next();
            StageParser parser = parsers.get(f.key());
            if (parser == null) {
                problems.error(f.keyLocation(), StageArgs.context(pipelineName, path, null), unknownStage(f.key()));
                continue;
            }
            ConfigNode value = f.value();
            MapNode args;
            if (value instanceof MapNode am) {
                args = am;
            } else if (value instanceof ScalarNode s && s.isNull()) {
                args = MapNode.empty(f.keyLocation());
            } else {
                problems.error(
                        value.location(),
                        StageArgs.context(pipelineName, path, f.key()),
                        "the stage's arguments must be a map, got " + value.describe());
                continue;
            }
            StageArgs reader = new StageArgs(args, problems, this, pipelineName, path, f.key());
            StageConfig config = parser.parse(reader);
            if (config != null && reader.errorCount() == 0) {
                out.add(config);
            } else if (reader.errorCount() == 0) {
                reader.errorAt(args.location(), "the stage could not be configured"); // a parser that forgot to report
            }
        }
        return out;
    }

    private String unknownStage(String name) {
        StringBuilder sb = new StringBuilder("unknown stage '").append(name).append('\'');
        String best = null;
        int bestDistance = 3;
        for (String k : parsers.keySet()) {
            int d = EditDistance.between(name, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        if (best != null) {
            sb.append(" (did you mean '").append(best).append("'?)");
        }
        return sb.append("; known stages: ")
                .append(String.join(", ", parsers.keySet()))
                .toString();
    }
}
