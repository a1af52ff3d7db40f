package dev.ferry.pipeline.stage;

import dev.ferry.pipeline.PipelineSpec;
import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.config.ConfigException;
import dev.ferry.pipeline.config.ConfigNode;
import dev.ferry.pipeline.config.ConfigProblems;
import dev.ferry.pipeline.config.ListNode;
import dev.ferry.pipeline.config.MapNode;
import dev.ferry.pipeline.config.ScalarNode;
import dev.ferry.pipeline.config.YamlLoader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code pipelines:} section of Ferry's config: a map of pipeline name to a list of
 * stages, each stage a one-key map {@code - <stage name>: {<arguments>}}.
 *
 * <pre>
 * pipelines:
 *   default:
 *     - multiline: {firstline: '^[{\S]', max_wait_time: 3s}
 *     - json: {expressions: {level: level, msg: msg}}
 * </pre>
 */
public final class PipelinesLoader {
    private PipelinesLoader() {}

    /**
     * The pipelines defined by {@code section} (the value of the {@code pipelines} key), with the
     * standard stages. Errors and warnings go to {@code problems}; pipelines with errors are left out.
     */
    public static Map<String, PipelineSpec> load(ConfigNode section, ConfigProblems problems) {
        return load(section, StageRegistry.standard(), problems);
    }

    public static Map<String, PipelineSpec> load(ConfigNode section, StageRegistry registry, ConfigProblems problems) {
        Map<String, PipelineSpec> out = new LinkedHashMap<>();
        if (!(section instanceof MapNode map)) {
            problems.error(
                    section.location(),
                    "pipelines",
                    "must be a map of pipeline names to lists of stages, got " + section.describe());
            return out;
        }
        for (MapNode.Field f : map.fields()) {
            String name = f.key();
            String context = "pipeline '" + name + "'";
            if (!isValidName(name)) {
                problems.error(
                        f.keyLocation(),
                        context,
                        "a pipeline name may hold letters, digits, '_' and '-' only (it is a metric tag)");
                continue;
            }
            ConfigNode value = f.value();
            List<StageConfig> stages;
            if (value instanceof ListNode list) {
                int before = problems.errorCount();
                stages = registry.parseStages(list, problems, name, "");
                if (problems.errorCount() != before) {
                    continue;
                }
            } else if (value instanceof ScalarNode s && s.isNull()) {
                stages = List.of(); // a pipeline that passes entries through unchanged
            } else {
                problems.error(value.location(), context, "must be a list of stages, got " + value.describe());
                continue;
            }
            out.put(name, new PipelineSpec(name, stages));
        }
        return out;
    }

    /**
     * The pipelines of a whole config file's text (its top-level {@code pipelines} key; other keys
     * are left to their own readers). For tests and tools.
     *
     * @throws ConfigException listing every error
     */
    public static Map<String, PipelineSpec> parse(String fileName, String yaml, ConfigProblems problems) {
        ConfigNode root = YamlLoader.parse(fileName, yaml, problems);
        Map<String, PipelineSpec> specs = Map.of();
        if (root instanceof MapNode m && m.get("pipelines") != null) {
            specs = load(m.get("pipelines"), problems);
        } else if (root != null || !problems.hasErrors()) {
            problems.error(
                    root == null ? new dev.ferry.pipeline.config.Location(fileName, 1, 1) : root.location(),
                    "",
                    "no 'pipelines' section");
        }
        problems.throwIfErrors();
        return specs;
    }

    static boolean isValidName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
