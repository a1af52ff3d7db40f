package dev.ferry.pipeline;

import java.util.List;

/** A named pipeline's validated stage configs, in order: what the {@code pipelines:} section defines. */
public record PipelineSpec(String name, List<StageConfig> stages) {
    public PipelineSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a pipeline needs a name");
        }
        stages = List.copyOf(stages);
    }
}
