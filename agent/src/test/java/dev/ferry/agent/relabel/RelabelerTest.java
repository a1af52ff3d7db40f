package dev.ferry.agent.relabel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.loki.Labels;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RelabelerTest {

    /** The user's discovery.relabel block, rule for rule. */
    static final List<RelabelRule> USER_RULES = List.of(
            RelabelRule.replace("__host__", "__meta_kubernetes_pod_node_name"),
            RelabelRule.replace("namespace", "__meta_kubernetes_namespace"),
            RelabelRule.replace("pod", "__meta_kubernetes_pod_name"),
            RelabelRule.replace("container", "__meta_kubernetes_pod_container_name"),
            RelabelRule.replace("app", "__meta_kubernetes_pod_label_app"),
            new RelabelRule(
                    List.of("__meta_kubernetes_namespace", "__meta_kubernetes_pod_label_app"),
                    "/",
                    null,
                    0,
                    "service_name",
                    null,
                    null));

    static final Map<String, String> POD = Map.of(
            "__meta_kubernetes_namespace", "tinkerbell-prod",
            "__meta_kubernetes_pod_name", "app-7d9f-abcde",
            "__meta_kubernetes_pod_container_name", "app",
            "__meta_kubernetes_pod_node_name", "node-a",
            "__meta_kubernetes_pod_label_app", "app",
            "__meta_kubernetes_pod_labelpresent_app", "true",
            "__meta_kubernetes_pod_uid", "0b6e-11");

    static RelabelRule rule(
            RelabelAction action, List<String> sources, String regex, String target, String replacement) {
        return new RelabelRule(sources, null, regex, 0, target, replacement, action);
    }

    record Case(String name, Map<String, String> input, List<RelabelRule> rules, Map<String, String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        Map<String, String> abc = Map.of("a", "foo", "b", "bar", "c", "baz");
        return Stream.of(
                        new Case(
                                "replace with ${1} twice",
                                abc,
                                List.of(rule(RelabelAction.REPLACE, List.of("a"), "f(.*)", "d", "ch${1}-ch${1}")),
                                Map.of("a", "foo", "b", "bar", "c", "baz", "d", "choo-choo")),
                        new Case(
                                "two sources joined by ';' and a rule reading the first rule's output",
                                abc,
                                List.of(
                                        rule(
                                                RelabelAction.REPLACE,
                                                List.of("a", "b"),
                                                "f(.*);(.*)r",
                                                "a",
                                                "b${1}${2}m"),
                                        rule(
                                                RelabelAction.REPLACE,
                                                List.of("c", "a"),
                                                "(b).*b(.*)ba(.*)",
                                                "d",
                                                "$1$2$2$3")),
                                Map.of("a", "boobam", "b", "bar", "c", "baz", "d", "boooom")),
                        new Case(
                                "regex is anchored: a partial match does not replace",
                                Map.of("a", "boo"),
                                List.of(rule(RelabelAction.REPLACE, List.of("a"), "f", "b", "bar")),
                                Map.of("a", "boo")),
                        new Case(
                                "drop rule that does not match keeps the target",
                                Map.of("a", "foo"),
                                List.of(rule(RelabelAction.DROP, List.of("a"), "f|o", null, null)),
                                Map.of("a", "foo")),
                        new Case(
                                "keep rule that matches keeps the target",
                                Map.of("a", "foo"),
                                List.of(rule(RelabelAction.KEEP, List.of("a"), "f.*", null, null)),
                                Map.of("a", "foo")),
                        new Case(
                                "target label from a group, value from another",
                                Map.of("a", "some-name-value"),
                                List.of(rule(
                                        RelabelAction.REPLACE, List.of("a"), "some-([^-]+)-([^,]+)", "${1}", "${2}")),
                                Map.of("a", "some-name-value", "name", "value")),
                        new Case(
                                "a missing group expands to nothing, which deletes the target label",
                                Map.of("a", "some-name-value", "name", "old"),
                                List.of(rule(
                                        RelabelAction.REPLACE, List.of("a"), "some-([^-]+)-([^,]+)", "${1}", "${3}")),
                                Map.of("a", "some-name-value")),
                        new Case(
                                "an expanded target that is not a label name is ignored",
                                Map.of("a", "some-name-value"),
                                List.of(rule(
                                        RelabelAction.REPLACE, List.of("a"), "some-([^-]+)-([^,]+)", "${3}", "${1}")),
                                Map.of("a", "some-name-value")),
                        new Case(
                                "named group and $$",
                                Map.of("a", "v1.2"),
                                List.of(rule(
                                        RelabelAction.REPLACE,
                                        List.of("a"),
                                        "v(?P<major>\\d+)\\..*",
                                        "b",
                                        "$$${major}")),
                                Map.of("a", "v1.2", "b", "$1")),
                        new Case(
                                "$1x is the group named '1x' in Go, so it expands to nothing",
                                Map.of("a", "foo", "b", "keep"),
                                List.of(rule(RelabelAction.REPLACE, List.of("a"), "(f)oo", "b", "$1x")),
                                Map.of("a", "foo")),
                        new Case(
                                "hashmod as Prometheus computes it",
                                abc,
                                List.of(new RelabelRule(
                                        List.of("c"), null, null, 1000, "d", null, RelabelAction.HASHMOD)),
                                Map.of("a", "foo", "b", "bar", "c", "baz", "d", "976")),
                        new Case(
                                "hashmod of a value with a newline",
                                Map.of("a", "foo\nbar"),
                                List.of(new RelabelRule(
                                        List.of("a"), null, null, 1000, "b", null, RelabelAction.HASHMOD)),
                                Map.of("a", "foo\nbar", "b", "734")),
                        new Case(
                                "labelmap copies matching labels under the replacement's name",
                                Map.of("a", "foo", "b1", "bar", "b2", "baz"),
                                List.of(rule(RelabelAction.LABELMAP, null, "(b.*)", null, "bar_${1}")),
                                Map.of("a", "foo", "b1", "bar", "b2", "baz", "bar_b1", "bar", "bar_b2", "baz")),
                        new Case(
                                "labelmap of pod labels",
                                Map.of(
                                        "__meta_kubernetes_pod_label_app", "api",
                                        "__meta_kubernetes_pod_label_tier", "web",
                                        "__meta_kubernetes_pod_name", "p"),
                                List.of(rule(
                                        RelabelAction.LABELMAP, null, "__meta_kubernetes_pod_label_(.+)", null, null)),
                                Map.of(
                                        "__meta_kubernetes_pod_label_app", "api",
                                        "__meta_kubernetes_pod_label_tier", "web",
                                        "__meta_kubernetes_pod_name", "p",
                                        "app", "api",
                                        "tier", "web")),
                        new Case(
                                "labelkeep",
                                Map.of("a", "foo", "b1", "bar", "b2", "baz"),
                                List.of(rule(RelabelAction.LABELKEEP, null, "(b.*)", null, null)),
                                Map.of("b1", "bar", "b2", "baz")),
                        new Case(
                                "labeldrop",
                                Map.of("a", "foo", "b1", "bar", "b2", "baz"),
                                List.of(rule(RelabelAction.LABELDROP, null, "(b.*)", null, null)),
                                Map.of("a", "foo")),
                        new Case(
                                "uppercase and lowercase",
                                Map.of("foo", "bAr123Foo"),
                                List.of(
                                        rule(RelabelAction.UPPERCASE, List.of("foo"), null, "foo_uppercase", null),
                                        rule(RelabelAction.LOWERCASE, List.of("foo"), null, "foo_lowercase", null)),
                                Map.of("foo", "bAr123Foo", "foo_lowercase", "bar123foo", "foo_uppercase", "BAR123FOO")),
                        new Case(
                                "keepequal keeps when the source equals the target",
                                Map.of("__tmp_port", "1234", "__port1", "1234"),
                                List.of(rule(RelabelAction.KEEPEQUAL, List.of("__tmp_port"), null, "__port1", null)),
                                Map.of("__tmp_port", "1234", "__port1", "1234")),
                        new Case(
                                "a missing source label reads as empty",
                                Map.of("a", "x"),
                                List.of(rule(RelabelAction.REPLACE, List.of("a", "missing"), "(.*);", "b", "$1")),
                                Map.of("a", "x", "b", "x")))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void appliesRulesLikePrometheus(Case c) {
        assertThat(new Relabeler(c.rules()).apply(c.input())).isEqualTo(c.expected());
    }

    static Stream<Arguments> dropCases() {
        return Stream.of(
                        new Case(
                                "drop rule that matches",
                                Map.of("a", "foo"),
                                List.of(
                                        rule(RelabelAction.DROP, List.of("a"), ".*o.*", null, null),
                                        rule(RelabelAction.REPLACE, List.of("a"), "f(.*)", "d", "x")),
                                null),
                        new Case(
                                "keep rule that does not match",
                                Map.of("a", "foo"),
                                List.of(rule(RelabelAction.KEEP, List.of("a"), "no-match", null, null)),
                                null),
                        new Case(
                                "dropequal when the source equals the target",
                                Map.of("__tmp_port", "1234", "__port1", "1234"),
                                List.of(rule(RelabelAction.DROPEQUAL, List.of("__tmp_port"), null, "__port1", null)),
                                null),
                        new Case(
                                "keep pods of one namespace only",
                                POD,
                                List.of(rule(
                                        RelabelAction.KEEP,
                                        List.of("__meta_kubernetes_namespace"),
                                        "kube-.*",
                                        null,
                                        null)),
                                null))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dropCases")
    void dropsTarget(Case c) {
        assertThat(new Relabeler(c.rules()).apply(c.input())).isNull();
        assertThat(new Relabeler(c.rules()).toLokiLabels(c.input())).isNull();
    }

    @Test
    void userRulesGiveNamespacePodContainerAppAndServiceName() {
        Labels labels = new Relabeler(USER_RULES).toLokiLabels(POD);

        assertThat(labels.toMap())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "namespace", "tinkerbell-prod",
                        "pod", "app-7d9f-abcde",
                        "container", "app",
                        "app", "app",
                        "service_name", "tinkerbell-prod/app"));
    }

    @Test
    void userRulesOnPodWithoutAppLabelGiveNoAppAndServiceNameEndingInSlash() {
        Map<String, String> pod = Map.of(
                "__meta_kubernetes_namespace", "cron",
                "__meta_kubernetes_pod_name", "backup-123",
                "__meta_kubernetes_pod_container_name", "backup");

        Labels labels = new Relabeler(USER_RULES).toLokiLabels(pod);

        // Alloy does exactly this: the joined value "cron/" matches (.*), so it is set.
        assertThat(labels.toMap())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "namespace", "cron", "pod", "backup-123", "container", "backup", "service_name", "cron/"));
    }

    @Test
    void finalLabelsDropDoubleUnderscoreNamesEmptyValuesAndInvalidNames() {
        Labels labels = Relabeler.finalLabels(Map.of("__host__", "n", "a", "", "b", "x", "bad-name", "y"));

        assertThat(labels.toMap()).containsExactlyInAnyOrderEntriesOf(Map.of("b", "x"));
    }

    @Test
    void noRulesLeaveNoLokiLabels() {
        assertThat(new Relabeler(List.of()).toLokiLabels(POD).isEmpty()).isTrue();
    }
}
