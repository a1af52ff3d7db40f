package dev.ferry.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.pipeline.PipelineSpec;
import dev.ferry.pipeline.config.ConfigException;
import dev.ferry.pipeline.config.ConfigProblem;
import dev.ferry.pipeline.config.ConfigProblems;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PipelinesLoaderTest {
    private static List<String> errors(String yaml) {
        ConfigProblems problems = new ConfigProblems();
        try {
            PipelinesLoader.parse("config.yaml", yaml, problems);
        } catch (ConfigException e) {
            assertThat(e.getMessage())
                    .isEqualTo(String.join(
                            "\n",
                            e.errors().stream().map(ConfigProblem::toString).toList()));
        }
        return problems.errors().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void reportsEveryErrorAtOnceWithFileLineAndColumn() {
        String yaml = """
                pipelines:
                  plex:
                    - regex:
                        expression: '(?P<level>\\w+'
                    - multiline:
                        firstline: '^\\S'
                        max_lines: zero
                        max_wait: 3s
                    - jsn: {}
                    - labels:
                        values: {"1bad": ""}
                    - match:
                        selector: '{app="x"'
                        stages:
                          - output: {}
                    - drop
                  'bad name':
                    - output: {source: msg}
                """;
        assertThat(errors(yaml))
                .containsExactly(
                        "config.yaml:4:21: pipeline 'plex', stage 1 (regex): expression does not compile: missing closing ) in `(?P<level>\\w+`",
                        "config.yaml:7:20: pipeline 'plex', stage 2 (multiline): max_lines must be an integer, got 'zero'",
                        "config.yaml:8:9: pipeline 'plex', stage 2 (multiline): unknown key 'max_wait' (did you mean 'max_wait_time'?); known keys: firstline, max_wait_time, max_lines",
                        "config.yaml:9:7: pipeline 'plex', stage 3: unknown stage 'jsn' (did you mean 'json'?); known stages: "
                                + String.join(", ", StageRegistry.standard().names()),
                        "config.yaml:11:18: pipeline 'plex', stage 4 (labels): values: '1bad' is not a valid label name; Loki label names match [a-zA-Z_][a-zA-Z0-9_]* (letters, digits and '_', not starting with a digit)",
                        "config.yaml:13:19: pipeline 'plex', stage 5 (match): selector '{app=\"x\"' is not valid: at column 9: the selector is not closed: expected '}'",
                        "config.yaml:15:21: pipeline 'plex', stage 5.1 (output): source is required",
                        "config.yaml:16:7: pipeline 'plex', stage 6 (drop): a stage needs a map of arguments: write `- drop: {…}`",
                        "config.yaml:17:3: pipeline 'bad name': a pipeline name may hold letters, digits, '_' and '-' only (it is a metric tag)");
    }

    record Case(String yaml, String error) {}

    static Stream<Named<Case>> badConfigs() {
        return Stream.of(
                Named.of(
                        "YAML syntax",
                        new Case(
                                "pipelines:\n  p:\n    - output: {source: [}\n",
                                "config.yaml:3:25: not valid YAML: while parsing a flow node: expected the node content, but found '}'")),
                Named.of(
                        "duplicate key",
                        new Case(
                                "pipelines:\n  p:\n    - output: {source: a, source: b}\n",
                                "config.yaml:3:27: key 'source' appears twice (first at line 3)")),
                Named.of("no pipelines section", new Case("server: {}\n", "config.yaml:1:1: no 'pipelines' section")),
                Named.of(
                        "pipelines not a map",
                        new Case(
                                "pipelines: [a]\n",
                                "config.yaml:1:12: pipelines: must be a map of pipeline names to lists of stages, got a list")),
                Named.of(
                        "pipeline not a list",
                        new Case(
                                "pipelines:\n  p: {output: {}}\n",
                                "config.yaml:2:6: pipeline 'p': must be a list of stages, got a map")),
                Named.of(
                        "stage with two keys",
                        new Case(
                                "pipelines:\n  p:\n    - output: {source: a}\n      json: {}\n",
                                "config.yaml:3:7: pipeline 'p', stage 1: a stage is a map with one key, its name (e.g. `- json: {expressions: {level: level}}`), got a map with 2 keys")),
                Named.of(
                        "arguments not a map",
                        new Case(
                                "pipelines:\n  p:\n    - output: msg\n",
                                "config.yaml:3:15: pipeline 'p', stage 1 (output): the stage's arguments must be a map, got 'msg'")),
                Named.of(
                        "string where a list belongs",
                        new Case(
                                "pipelines:\n  p:\n    - label_drop: {values: {a: b}}\n",
                                "config.yaml:3:28: pipeline 'p', stage 1 (label_drop): values must be a list of strings, got a map")),
                Named.of(
                        "bad duration",
                        new Case(
                                "pipelines:\n  p:\n    - multiline: {firstline: x, max_wait_time: 3 seconds}\n",
                                "config.yaml:3:48: pipeline 'p', stage 1 (multiline): max_wait_time: '3 seconds' is not a duration; write a number and a unit (ns, us, ms, s, m, h), e.g. 3s or 1m30s")),
                Named.of(
                        "bad boolean",
                        new Case(
                                "pipelines:\n  p:\n    - json: {expressions: {a: a}, drop_malformed: yes}\n",
                                "config.yaml:3:51: pipeline 'p', stage 1 (json): drop_malformed must be true or false, got 'yes'")),
                Named.of(
                        "semantic check in the config record",
                        new Case(
                                "pipelines:\n  p:\n    - multiline: {firstline: x, max_lines: 0}\n",
                                "config.yaml:3:44: pipeline 'p', stage 1 (multiline): max_lines must be at least 1, got 0")),
                Named.of("bad JMESPath", new Case("pipelines:\n  p:\n    - json: {expressions: {a: 'a[?'}}\n", null)),
                Named.of(
                        "unknown key nested in match",
                        new Case(
                                "pipelines:\n  p:\n    - match:\n        selector: '{a=\"b\"}'\n        stages:\n          - drop: {expresion: x}\n",
                                "config.yaml:6:20: pipeline 'p', stage 1.1 (drop): unknown key 'expresion' (did you mean 'expression'?); known keys: source, separator, expression, value, older_than, longer_than, drop_counter_reason")));
    }

    @ParameterizedTest
    @MethodSource("badConfigs")
    void reportsAClearLocatedError(Case c) {
        List<String> errors = errors(c.yaml());
        if (c.error() == null) {
            assertThat(errors)
                    .singleElement()
                    .asString()
                    .startsWith(
                            "config.yaml:3:28: pipeline 'p', stage 1 (json): expressions.a: 'a[?' is not a JMESPath expression");
        } else {
            assertThat(errors).containsExactly(c.error());
        }
    }

    @Test
    void loadsAValidConfigWithoutProblems() {
        ConfigProblems problems = new ConfigProblems();
        Map<String, PipelineSpec> specs = PipelinesLoader.parse("config.yaml", """
                pipelines:
                  default:
                    - multiline: {firstline: '^\\S'}
                    - json: {expressions: {level: level}}
                  passthrough:
                """, problems);
        assertThat(problems.all()).isEmpty();
        assertThat(specs.keySet()).containsExactly("default", "passthrough");
        assertThat(specs.get("default").stages()).extracting(s -> s.stageName()).containsExactly("multiline", "json");
        assertThat(specs.get("passthrough").stages()).isEmpty();
    }

    @Test
    void warningsAreReportedWithoutFailingTheLoad() {
        ConfigProblems problems = new ConfigProblems();
        PipelinesLoader.parse("config.yaml", """
                pipelines:
                  p:
                    - regex: {expression: 'no groups here'}
                """, problems);
        assertThat(problems.hasErrors()).isFalse();
        assertThat(problems.warnings())
                .extracting(ConfigProblem::toString)
                .containsExactly(
                        "config.yaml:3:27: warning: pipeline 'p', stage 1 (regex): the expression has no named group (?P<name>…), so this stage extracts nothing");
    }

    @Test
    void throwsWithEveryErrorInTheMessage() {
        assertThatThrownBy(() -> PipelinesLoader.parse(
                        "c.yaml", "pipelines:\n  p:\n    - output: {}\n    - labels: {}\n", new ConfigProblems()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "c.yaml:3:15: pipeline 'p', stage 1 (output): source is required\n"
                                + "c.yaml:4:15: pipeline 'p', stage 2 (labels): values is required: a map of label name to extracted name");
    }
}
