package dev.ferry.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.pipeline.TestPipeline;
import dev.ferry.pipeline.config.ConfigException;
import dev.ferry.pipeline.config.ConfigProblem;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TenantStageTest {
    /** name, stages, line, expected tenant (null: unchanged) */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("fixed value", "- tenant: {value: team-a}", "x", "team-a"),
                Arguments.of(
                        "from an extracted value",
                        "- regex: {expression: '^(?P<t>\\S+)'}\n- tenant: {source: t}",
                        "team-b rest",
                        "team-b"),
                Arguments.of("missing source leaves it", "- tenant: {source: nope}", "x", null),
                Arguments.of("from a label", "- tenant: {label: namespace}", "x", "prod"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void setsTheTenant(String name, String stages, String line, String tenant) {
        assertThat(TestPipeline.of(stages).send(line).out.get(0).tenant()).isEqualTo(tenant);
    }

    @Test
    void needsExactlyOneSource() {
        String message = "pipeline 'test', stage 1 (tenant): exactly one of label, source and value is required, got 2";
        try {
            TestPipeline p = TestPipeline.of("- tenant: {value: a, label: b}");
            assertThat(p.problems.errors()).extracting(ConfigProblem::toString).anyMatch(s -> s.contains(message));
        } catch (ConfigException e) {
            assertThat(e.getMessage()).contains(message);
        }
    }
}
