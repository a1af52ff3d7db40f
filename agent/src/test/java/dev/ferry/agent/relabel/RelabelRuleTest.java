package dev.ferry.agent.relabel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RelabelRuleTest {

    @Test
    void absentFieldsTakeAlloyDefaults() {
        RelabelRule r = new RelabelRule(null, null, null, 0, "x", null, null);

        assertThat(r.sourceLabels()).isEmpty();
        assertThat(r.separator()).isEqualTo(";");
        assertThat(r.regex()).isEqualTo("(.*)");
        assertThat(r.replacement()).isEqualTo("$1");
        assertThat(r.action()).isEqualTo(RelabelAction.REPLACE);
    }

    static Stream<Arguments> invalidRules() {
        return Stream.of(
                Arguments.of(
                        "replace without target_label",
                        (Runnable)
                                () -> new RelabelRule(List.of("a"), null, null, 0, null, null, RelabelAction.REPLACE),
                        "relabel rule: relabel configuration for replace action requires 'target_label' value"),
                Arguments.of(
                        "regex that does not compile",
                        (Runnable) () -> new RelabelRule(List.of("a"), null, "(", 0, "b", null, null),
                        "relabel rule: 'regex' does not compile: "),
                Arguments.of(
                        "hashmod without modulus",
                        (Runnable) () -> new RelabelRule(List.of("a"), null, null, 0, "b", null, RelabelAction.HASHMOD),
                        "relabel rule: relabel configuration for hashmod requires non-zero modulus"),
                Arguments.of(
                        "target label that can never be a label name",
                        (Runnable) () -> new RelabelRule(List.of("a"), null, null, 0, "-foo${1}bar-", null, null),
                        "relabel rule: \"-foo${1}bar-\" is invalid 'target_label' for replace action"),
                Arguments.of(
                        "lowercase with a replacement",
                        (Runnable)
                                () -> new RelabelRule(List.of("a"), null, null, 0, "b", "x", RelabelAction.LOWERCASE),
                        "relabel rule: 'replacement' can not be set for lowercase action"),
                Arguments.of(
                        "labelmap with an impossible replacement",
                        (Runnable) () -> new RelabelRule(null, null, "(.*)", 0, null, "-", RelabelAction.LABELMAP),
                        "relabel rule: \"-\" is invalid 'replacement' for labelmap action"),
                Arguments.of(
                        "labeldrop with source_labels",
                        (Runnable)
                                () -> new RelabelRule(List.of("a"), null, "a", 0, null, null, RelabelAction.LABELDROP),
                        "relabel rule: labeldrop action requires only 'regex', and no other fields"),
                Arguments.of(
                        "keepequal with a regex",
                        (Runnable)
                                () -> new RelabelRule(List.of("a"), null, "x", 0, "b", null, RelabelAction.KEEPEQUAL),
                        "relabel rule: keepequal action requires only 'source_labels' and 'target_label', and no other fields"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRules")
    void invalidRuleIsRefusedWithAlloysMessage(String name, Runnable construct, String message) {
        assertThatThrownBy(construct::run)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void unknownActionNamesTheKnownOnes() {
        assertThatThrownBy(() -> RelabelAction.parse("rename"))
                .hasMessageStartingWith("unrecognized action type \"rename\": use one of replace, keep, drop");
        assertThat(RelabelAction.parse("labelmap")).isEqualTo(RelabelAction.LABELMAP);
    }

    @ParameterizedTest
    @MethodSource("targetValidity")
    void targetLabelTemplatesAreCheckedLikeAlloy(String target, boolean valid) {
        if (valid) {
            assertThat(new RelabelRule(List.of("a"), null, null, 0, target, null, null).targetLabel())
                    .isEqualTo(target);
        } else {
            assertThatThrownBy(() -> new RelabelRule(List.of("a"), null, null, 0, target, null, null))
                    .hasMessageContaining("is invalid 'target_label'");
        }
    }

    static Stream<Arguments> targetValidity() {
        return Stream.of(
                Arguments.of("-label", false),
                Arguments.of("label", true),
                Arguments.of("label${1}", true),
                Arguments.of("${1}label", true),
                Arguments.of("${", false),
                Arguments.of("$", false),
                Arguments.of("${}", false),
                Arguments.of("$1", true),
                Arguments.of("asd$2asd", true),
                Arguments.of("_${1}_", true),
                Arguments.of("foo${bar}foo", true));
    }
}
