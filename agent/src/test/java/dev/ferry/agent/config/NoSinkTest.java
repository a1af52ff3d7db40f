package dev.ferry.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.pipeline.config.ConfigProblem;
import dev.ferry.pipeline.config.ConfigProblems;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A config that would send every entry nowhere is refused, with the line to fix and the variable to set. */
class NoSinkTest {
    private static final String SOURCES = """
            sources:
              - name: app
                file: {paths: [/var/log/app/*.log]}
            """;

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(
                        "an unset variable",
                        "loki:\n  - url: ${LOKI_URL}\necho: false\n",
                        Map.of(),
                        "config.yaml:2:9: loki endpoint 1: no sink: url is empty (LOKI_URL is not set) and echo is"
                                + " off: every entry would be read and thrown away; set LOKI_URL, or set echo: true"
                                + " to print entries instead"),
                Arguments.of(
                        "an empty variable",
                        "loki:\n  - url: ${LOKI_URL}\n",
                        Map.of("LOKI_URL", ""),
                        "config.yaml:2:9: loki endpoint 1: no sink: url is empty (LOKI_URL is empty) and echo is"
                                + " off: every entry would be read and thrown away; set LOKI_URL, or set echo: true"
                                + " to print entries instead"),
                Arguments.of(
                        "an empty url",
                        "loki:\n  - url: ''\n    tenant_id: a\n",
                        Map.of(),
                        "config.yaml:2:10: loki endpoint 1: no sink: url is empty and echo is off: every entry would"
                                + " be read and thrown away; set the url, or set echo: true to print entries instead"),
                Arguments.of(
                        "no url at all",
                        "loki:\n  - tenant_id: a\n",
                        Map.of(),
                        "config.yaml:2:5: loki endpoint 1: no sink: url is empty and echo is off: every entry would"
                                + " be read and thrown away; set the url, or set echo: true to print entries instead"),
                Arguments.of(
                        "no loki section",
                        "echo: false\n",
                        Map.of(),
                        "config.yaml:1:1: no sink: no loki endpoint and echo is off: every entry would be read and"
                                + " thrown away; add one under loki (url: ${LOKI_URL}), or set echo: true to print"
                                + " entries instead"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void refused(String name, String yaml, Map<String, String> env, String error) {
        ConfigProblems problems = new ConfigProblems();

        AgentConfig config = new AgentConfigLoader(env).parse("config.yaml", yaml + SOURCES, problems);

        assertThat(config).isNull();
        assertThat(problems.errors()).extracting(ConfigProblem::toString).containsExactly(error);
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("a url", "loki:\n  - url: ${LOKI_URL}\n", Map.of("LOKI_URL", "http://loki:3100")),
                Arguments.of("echo instead", "loki:\n  - url: ${LOKI_URL}\necho: true\n", Map.of()),
                Arguments.of("echo auto without a url", "loki:\n  - url: ${LOKI_URL:-}\necho: auto\n", Map.of()),
                Arguments.of(
                        "one endpoint of two with a url",
                        "loki:\n  - url: ${LOKI_URL}\n  - {name: b, url: 'http://b:3100'}\n",
                        Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void accepted(String name, String yaml, Map<String, String> env) {
        ConfigProblems problems = new ConfigProblems();

        AgentConfig config = new AgentConfigLoader(env).parse("config.yaml", yaml + SOURCES, problems);

        assertThat(problems.errors()).isEmpty();
        assertThat(config).isNotNull();
    }

    @Test
    void anEndpointWithItsOwnErrorIsNotAlsoCalledMissing() {
        ConfigProblems problems = new ConfigProblems();

        new AgentConfigLoader(Map.of())
                .parse(
                        "config.yaml",
                        "loki:\n  - url: ${LOKI_URL}\n  - {name: b, url: 'ftp://b'}\n" + SOURCES,
                        problems);

        assertThat(problems.errors()).singleElement().asString().doesNotContain("no sink");
    }

    @Test
    void aCommandThatNeverSendsNeedsNoSink() {
        ConfigProblems problems = new ConfigProblems();

        AgentConfig config = new AgentConfigLoader(Map.of(), false)
                .parse("config.yaml", "loki:\n  - url: ${LOKI_URL}\n" + SOURCES, problems);

        assertThat(problems.errors()).isEmpty();
        assertThat(config).isNotNull();
        assertThat(config.loki()).isEmpty();
    }
}
