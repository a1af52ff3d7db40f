package dev.ferry.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.loki.LabelLimits;
import dev.ferry.pipeline.config.ConfigProblems;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The label limits of a Loki endpoint: Loki's defaults, or the endpoint's own. */
class LokiEndpointReaderTest {

    private static AgentConfig load(String endpointOptions, ConfigProblems problems) {
        String yaml = """
                loki:
                  - url: http://loki:3100/loki/api/v1/push
                %s
                sources: []
                pipelines: {}
                """.formatted(endpointOptions.indent(4).stripTrailing());
        return new AgentConfigLoader(Map.of()).parse("ferry.yaml", yaml, problems);
    }

    @Test
    void labelLimitsDefaultToLokis() {
        ConfigProblems problems = new ConfigProblems();
        AgentConfig config = load("batch_wait: 1s", problems);
        assertThat(config).as(problems.toString()).isNotNull();
        assertThat(config.loki().get(0).labelLimits()).isEqualTo(LabelLimits.LOKI_DEFAULTS);
    }

    @Test
    void labelLimitsAreReadPerEndpoint() {
        ConfigProblems problems = new ConfigProblems();
        AgentConfig config = load("""
                max_label_name_length: 512
                max_label_value_length: 4096
                max_label_names_per_series: 30
                max_structured_metadata_size: 128KiB
                """, problems);
        assertThat(config).as(problems.toString()).isNotNull();
        assertThat(config.loki().get(0).labelLimits()).isEqualTo(new LabelLimits(512, 4096, 30, 128 * 1024));
    }

    @Test
    void aNegativeLimitIsAnErrorNamingTheOption() {
        ConfigProblems problems = new ConfigProblems();
        assertThat(load("max_label_value_length: -1", problems)).isNull();
        assertThat(problems.toString()).contains("max_label_value_length must be 0 (no limit) or more, got -1");
    }
}
