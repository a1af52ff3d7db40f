package dev.ferry.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.agent.config.AgentConfig;
import dev.ferry.agent.config.AgentConfigLoader;
import dev.ferry.pipeline.config.ConfigProblems;
import java.util.Map;

/** Agent configs for tests, parsed from YAML text as {@code ferry run} parses its file. */
final class TestConfigs {
    private TestConfigs() {}

    /** The config in {@code yaml}; fails the test, listing the problems, when it does not load. */
    static AgentConfig parse(String yaml) {
        ConfigProblems problems = new ConfigProblems();
        AgentConfig config = new AgentConfigLoader(Map.of(), false).parse("ferry.yaml", yaml, problems);
        assertThat(config).as(problems.toString()).isNotNull();
        return config;
    }
}
