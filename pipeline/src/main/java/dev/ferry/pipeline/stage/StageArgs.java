package dev.ferry.pipeline.stage;

import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.config.ConfigProblems;
import dev.ferry.pipeline.config.ListNode;
import dev.ferry.pipeline.config.MapNode;
import java.util.List;

/**
 * The YAML arguments of one stage, read with located type checks ({@link
 * dev.ferry.pipeline.config.MapReader}); adds what a stage needs beyond plain values: where it sits
 * and the parsing of nested stages (for {@code match}).
 */
public final class StageArgs extends dev.ferry.pipeline.config.MapReader {
    private final StageRegistry registry;
    private final String pipelineName;
    private final String path;
    private final String stageName;

    StageArgs(
            MapNode node,
            ConfigProblems problems,
            StageRegistry registry,
            String pipelineName,
            String path,
            String stageName) {
        super(node, problems, context(pipelineName, path, stageName));
        this.registry = registry;
        this.pipelineName = pipelineName;
        this.path = path;
        this.stageName = stageName;
    }

    static String context(String pipelineName, String path, String stageName) {
        return "pipeline '" + pipelineName + "', stage " + path + (stageName == null ? "" : " (" + stageName + ")");
    }

    public String pipelineName() {
        return pipelineName;
    }

    /** "3", or "3.1" inside a match. */
    public String path() {
        return path;
    }

    public String stageName() {
        return stageName;
    }

    /**
     * The nested stages under {@code key} (a YAML list, like a pipeline's), numbered below this
     * stage; null when absent. Errors in them are reported and count as errors of this reader.
     */
    public List<StageConfig> stages(String key) {
        if (!has(key)) {
            return null;
        }
        if (!(raw(key) instanceof ListNode list)) {
            error(key, key + " must be a list of stages, got " + raw(key).describe());
            return null;
        }
        int before = problems().errorCount();
        List<StageConfig> stages = registry.parseStages(list, problems(), pipelineName, path + ".");
        int added = problems().errorCount() - before;
        for (int i = 0; i < added; i++) {
            countNestedError();
        }
        return stages;
    }
}
