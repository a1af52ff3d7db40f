package dev.ferry.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "plain       | {a=\"plain\"}",
                "with \"quotes\" | {a=\"with \\\"quotes\\\"\"}",
                "back\\slash  | {a=\"back\\\\slash\"}",
                "tab\there    | {a=\"tab\\there\"}",
                "ünïcödé     | {a=\"ünïcödé\"}",
            })
    void rendersValuesEscapedAsLokiReadsThem(String value, String rendered) {
        assertThat(Labels.of("a", value.strip().replace("\\t", "\t")).rendered())
                .isEqualTo(rendered.strip());
    }

    @Test
    void escapesNewlinesAndControlCharacters() {
        assertThat(Labels.of("a", "x\ny\u0001").rendered()).isEqualTo("{a=\"x\\ny\\x01\"}");
    }

    @Test
    void sortsByNameAndComparesByContent() {
        Labels one = Labels.of(Map.of("namespace", "prod", "app", "api", "container", "main"));
        Labels two = Labels.of("container", "main", "app", "api", "namespace", "prod");
        assertThat(one.rendered()).isEqualTo("{app=\"api\", container=\"main\", namespace=\"prod\"}");
        assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
        assertThat(one.get("app")).isEqualTo("api");
        assertThat(one.get("missing")).isNull();
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource({"1abc", "a-b", "a.b", "'a b'", "ünï", "''"})
    void refusesNamesLokiRefuses(String name) {
        assertThatThrownBy(() -> Labels.of(name, "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "invalid label name '" + name
                                + "': Loki label names must match [a-zA-Z_][a-zA-Z0-9_]* (letters, digits and '_', not starting with a digit)");
    }

    @Test
    void acceptsUnderscoresAndDigitsAfterTheFirstCharacter() {
        assertThat(Labels.isValidName("_a1")).isTrue();
        assertThat(Labels.isValidName("service_name")).isTrue();
    }

    @Test
    void defaultsNeverOverrideOwnLabels() {
        Labels own = Labels.of("app", "a");
        assertThat(own.withDefaults(Labels.of("app", "b", "cluster", "c")).rendered())
                .isEqualTo("{app=\"a\", cluster=\"c\"}");
    }

    @Test
    void refusesOddArgumentsAndDuplicates() {
        assertThatThrownBy(() -> Labels.of("a")).hasMessage("labels need name/value pairs, got an odd count");
        assertThatThrownBy(() -> Labels.of("a", "1", "a", "2")).hasMessage("label 'a' given twice");
    }
}
