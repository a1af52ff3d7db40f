package dev.ferry.agent.config;

import dev.ferry.loki.LokiClientConfig;
import dev.ferry.pipeline.MaxLineSize;
import dev.ferry.pipeline.PipelineSpec;
import java.util.List;
import java.util.Map;

/** Ferry's whole configuration, as read from its YAML file. */
public record AgentConfig(
        ServerConfig server,
        PositionsConfig positions,
        MaxLineSize maxLineSize,
        List<LokiClientConfig> loki,
        boolean echo,
        List<SourceSpec> sources,
        Map<String, PipelineSpec> pipelines) {}
