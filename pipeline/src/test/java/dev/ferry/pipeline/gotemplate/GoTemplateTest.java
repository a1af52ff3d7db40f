package dev.ferry.pipeline.gotemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GoTemplateTest {
    private static final String PINO_LEVELS = "{{ if eq .Value \"10\" }}trace{{ else if eq .Value \"20\" }}debug"
            + "{{ else if eq .Value \"30\" }}info{{ else if eq .Value \"40\" }}warn"
            + "{{ else if eq .Value \"50\" }}error{{ else if eq .Value \"60\" }}fatal{{ else }}{{ .Value }}{{ end }}";

    private static final String PLEX_LEVELS =
            "{{ if eq .Value \"WARNING\" }}warn{{ else }}{{ ToLower .Value }}{{ end }}";

    /** name, template, fields, expected output (null: execution fails, the stage leaves the value alone) */
    static Stream<Arguments> cases() {
        return Stream.of(
                c("plain text", "hello", Map.of(), "hello"),
                c("empty template", "", Map.of(), ""),
                c("value", "{{ .Value }}", Map.of("Value", "x"), "x"),
                c("no spaces inside braces", "{{.Value}}", Map.of("Value", "x"), "x"),
                c("missing field prints <no value>", "[{{ .nope }}]", Map.of(), "[<no value>]"),
                c("extracted name", "{{ .level }}/{{ .msg }}", Map.of("level", "30", "msg", "hi"), "30/hi"),
                c("pino 30", PINO_LEVELS, Map.of("Value", "30"), "info"),
                c("pino 60", PINO_LEVELS, Map.of("Value", "60"), "fatal"),
                c("pino custom level kept", PINO_LEVELS, Map.of("Value", "35"), "35"),
                c("pino string level kept", PINO_LEVELS, Map.of("Value", "debug"), "debug"),
                c("pino missing value", PINO_LEVELS, Map.of(), "<no value>"),
                c("plex WARNING", PLEX_LEVELS, Map.of("Value", "WARNING"), "warn"),
                c("plex ERROR", PLEX_LEVELS, Map.of("Value", "ERROR"), "error"),
                c("pipe to ToLower", "{{ .x | ToLower }}", Map.of("x", "AbC"), "abc"),
                c("ToUpper", "{{ ToUpper .x }}", Map.of("x", "abc"), "ABC"),
                c("ToLower of non-ASCII", "{{ ToLower .x }}", Map.of("x", "ÉCOLE İ"), "école i"),
                c("ToUpper keeps ß (per code point, as Go)", "{{ ToUpper .x }}", Map.of("x", "straße"), "STRAßE"),
                c("ToLower of missing value fails", "{{ ToLower .nope }}", Map.of(), null),
                c("piped missing value fails", "{{ .nope | ToUpper }}", Map.of(), null),
                c("Replace all", "{{ Replace .x \"a\" \"o\" -1 }}", Map.of("x", "banana"), "bonono"),
                c("Replace first two", "{{ Replace .x \"a\" \"o\" 2 }}", Map.of("x", "banana"), "bonona"),
                c("Replace none", "{{ Replace .x \"a\" \"o\" 0 }}", Map.of("x", "banana"), "banana"),
                c("Replace empty old inserts", "{{ Replace .x \"\" \"-\" -1 }}", Map.of("x", "ab"), "-a-b-"),
                c("Replace empty old limited", "{{ Replace .x \"\" \"-\" 2 }}", Map.of("x", "abc"), "-a-bc"),
                c("Trim cutset", "{{ Trim .x \"-_\" }}", Map.of("x", "-_a-b_-"), "a-b"),
                c("TrimLeft", "{{ TrimLeft .x \"ab\" }}", Map.of("x", "abbaxab"), "xab"),
                c("TrimRight", "{{ TrimRight .x \"ab\" }}", Map.of("x", "abxbab"), "abx"),
                c("TrimPrefix", "{{ TrimPrefix .x \"ab\" }}", Map.of("x", "ababx"), "abx"),
                c("TrimSuffix", "{{ TrimSuffix .x \".log\" }}", Map.of("x", "a.log"), "a"),
                c("TrimSpace", "{{ TrimSpace .x }}", Map.of("x", " \t a b \n\u00a0"), "a b"),
                c(
                        "Sha2Hash (salt, input)",
                        "{{ Sha2Hash \"s\" \"abc\" }}",
                        Map.of(),
                        "cf0bbce2b0833f47b48155c56a549459af12f1724088f0246d837ec199eb787a"),
                c(
                        "Sha256 is Sha2Hash",
                        "{{ Sha256 \"s\" \"abc\" }}",
                        Map.of(),
                        "cf0bbce2b0833f47b48155c56a549459af12f1724088f0246d837ec199eb787a"),
                c(
                        "Hash is SHA3-256 (salt, input)",
                        "{{ Hash \"s\" \"abc\" }}",
                        Map.of(),
                        "08ad87e826de6f2c7c8291e9cd3d3b087af22a55012ed271f556c4c6d9c7ad21"),
                c(
                        "sha256sum",
                        "{{ .x | sha256sum }}",
                        Map.of("x", "abc"),
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                c("eq false", "{{ eq .x \"b\" }}", Map.of("x", "a"), "false"),
                c("eq with several", "{{ eq .x \"b\" \"a\" }}", Map.of("x", "a"), "true"),
                c("eq missing is false", "{{ eq .nope \"a\" }}", Map.of(), "false"),
                c("ne", "{{ ne .x \"b\" }}", Map.of("x", "a"), "true"),
                c("eq string with int fails", "{{ eq .x 3 }}", Map.of("x", "3"), null),
                c("and returns last", "{{ and .x .y }}", Map.of("x", "a", "y", "b"), "b"),
                c("and returns first falsy", "{{ and .x .y }}", Map.of("x", "", "y", "b"), ""),
                c("or returns first truthy", "{{ or .nope .y }}", Map.of("y", "b"), "b"),
                c("or all falsy returns last", "{{ or .x .nope }}", Map.of("x", ""), "<no value>"),
                c("not", "{{ not .x }}", Map.of("x", ""), "true"),
                c("if on empty string", "{{ if .x }}yes{{ else }}no{{ end }}", Map.of("x", ""), "no"),
                c("if on missing", "{{ if .x }}yes{{ end }}", Map.of(), ""),
                c(
                        "if and",
                        "{{ if and (eq .a \"1\") (ne .b \"2\") }}y{{ else }}n{{ end }}",
                        Map.of("a", "1", "b", "3"),
                        "y"),
                c("nested if", "{{ if .a }}{{ if .b }}ab{{ else }}a{{ end }}{{ end }}", Map.of("a", "1"), "a"),
                c("parenthesised pipeline", "{{ ToUpper (TrimSpace .x) }}", Map.of("x", " a "), "A"),
                c(
                        "long pipeline",
                        "{{ .x | TrimSpace | ToLower | printOk }}".replace(" | printOk", ""),
                        Map.of("x", " AB "),
                        "ab"),
                c("trim markers", "a  {{- .x -}}  \n b", Map.of("x", "X"), "aXb"),
                c("trim left only", "a \n{{- .x }} b", Map.of("x", "X"), "aX b"),
                c("comment", "a{{/* ignore me */}}b", Map.of(), "ab"),
                c("comment with trim", "a {{- /* c */ -}} b", Map.of(), "ab"),
                c("raw string", "{{ `a\\nb` }}", Map.of(), "a\\nb"),
                c("escapes in string", "{{ \"a\\tb\\u00e9\\x41\" }}", Map.of(), "a\tbéA"),
                c("braces inside string", "{{ \"}}\" }}", Map.of(), "}}"),
                c("int literal prints", "{{ 42 }}", Map.of(), "42"),
                c("bool literal prints", "{{ true }}", Map.of(), "true"),
                c("Entry", "{{ .Entry }}", Map.of("Entry", "the line"), "the line"),
                c("lower/upper (sprig)", "{{ lower .x }}{{ upper .x }}", Map.of("x", "aB"), "abAB"),
                c("trimPrefix (sprig order)", "{{ trimPrefix \"x\" .v }}", Map.of("v", "xy"), "y"),
                c("replace (sprig order)", "{{ .v | replace \"a\" \"b\" }}", Map.of("v", "aa"), "bb"),
                c(
                        "contains/hasPrefix/hasSuffix",
                        "{{ contains \"b\" .v }}{{ hasPrefix \"a\" .v }}{{ hasSuffix \"a\" .v }}",
                        Map.of("v", "abc"),
                        "truetruefalse"),
                c("default on missing", "{{ .nope | default \"none\" }}", Map.of(), "none"),
                c("default on present", "{{ .v | default \"none\" }}", Map.of("v", "x"), "x"),
                c(
                        "regexReplaceAll",
                        "{{ regexReplaceAll \"a(x*)b\" .v \"${1}W\" }}",
                        Map.of("v", "-ab-axxb-"),
                        "-W-xxW-"),
                c(
                        "regexReplaceAll $1W is group 1W",
                        "{{ regexReplaceAll \"a(x*)b\" .v \"$1W\" }}",
                        Map.of("v", "-ab-axxb-"),
                        "---"),
                c(
                        "regexReplaceAllLiteral",
                        "{{ regexReplaceAllLiteral \"a(x*)b\" .v \"${1}\" }}",
                        Map.of("v", "-ab-axxb-"),
                        "-${1}-${1}-"),
                c("multi-line template", "{{ if eq .Value \"a\" }}\nA\n{{ end }}", Map.of("Value", "a"), "\nA\n"));
    }

    private static Arguments c(String name, String template, Map<String, String> fields, String expected) {
        return Arguments.of(name, template, fields, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void executes(String name, String template, Map<String, String> fields, String expected) throws Exception {
        GoTemplate t = GoTemplate.parse(template);
        assertThat(t.execute(fields::get)).isEqualTo(expected);
        if (expected == null) {
            assertThat(t.explainFailure(fields::get)).isNotNull();
        }
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("{{ .x | Foo }}", "1:9: function \"Foo\" is not supported (supported: "),
                Arguments.of("ab\n  {{ printf \"%s\" .x }}", "2:6: function \"printf\" is not supported"),
                Arguments.of("{{ .x ", "1:1: unclosed action"),
                Arguments.of("{{ if .x }}a", "1:4: unexpected end of template: {{if}} without {{end}}"),
                Arguments.of("a{{ end }}", "1:5: unexpected {{end}}"),
                Arguments.of("{{ else }}", "1:4: unexpected {{else}}"),
                Arguments.of("{{ range .x }}{{ end }}", "1:4: {{range}} is not supported"),
                Arguments.of("{{ with .x }}{{ end }}", "1:4: {{with}} is not supported"),
                Arguments.of("{{ $x := 1 }}", "1:4: variables ($name) are not supported"),
                Arguments.of("{{ ToLower }}", "1:4: wrong number of args for ToLower: want 1 got 0"),
                Arguments.of("{{ .x | ToLower .y }}", "1:9: wrong number of args for ToLower: want 1 got 2"),
                Arguments.of("{{ Replace .x \"a\" \"b\" }}", "1:4: wrong number of args for Replace: want 4 got 3"),
                Arguments.of(
                        "{{ Replace .x \"a\" \"b\" \"1\" }}",
                        "1:4: wrong type for argument 4 of Replace: expected int, got string"),
                Arguments.of(
                        "{{ .x | Replace \"a\" \"o\" -1 }}",
                        "1:9: wrong type for argument 3 of Replace: expected string, got int"),
                Arguments.of("{{ ToLower 3 }}", "1:4: wrong type for argument 1 of ToLower: expected string, got int"),
                Arguments.of("{{ eq .x }}", "1:4: wrong number of args for eq: want at least 2 got 1"),
                Arguments.of("{{ .x .y }}", "1:7: can't give argument to non-function .x"),
                Arguments.of("{{ .x | .y }}", "1:9: can't give argument to non-function .y"),
                Arguments.of("{{ \"abc }}", "1:4: unterminated quoted string"),
                Arguments.of("{{ \"\\q\" }}", "1:5: unknown escape sequence \\q in string"),
                Arguments.of("{{ . }}", "1:4: '.' alone is not supported: name a field, e.g. .Value"),
                Arguments.of("{{ .a.b }}", "1:6: nested fields are not supported: .a is a string"),
                Arguments.of("{{ 1.5 }}", "1:4: bad number syntax: 1.5 (only integers are supported)"),
                Arguments.of("{{ }}", "1:4: missing value for command"),
                Arguments.of("{{ if }}{{ end }}", "1:7: missing value for if"),
                Arguments.of(
                        "{{ regexReplaceAll .x .y \"\" }}",
                        "1:4: regexReplaceAll needs its regular expression as a string literal"),
                Arguments.of(
                        "{{ regexReplaceAll \"(\" .y \"\" }}", "1:4: regexReplaceAll: expression does not compile"),
                Arguments.of("{{/* open", "1:1: unclosed comment"),
                Arguments.of("{{ if .a }}{{ else }}{{ else }}{{ end }}", "1:4: {{else}} after {{else}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void rejects(String template, String messageStart) {
        assertThatThrownBy(() -> GoTemplate.parse(template))
                .isInstanceOf(TemplateException.class)
                .message()
                .startsWith(messageStart);
    }
}
