package dev.ferry.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StructuredMetadataTest {
    @Test
    void keepsTheOrderGivenAndCountsUtf8Bytes() {
        StructuredMetadata md =
                StructuredMetadata.of(new String[] {"msg", "module", "unused"}, new String[] {"héllo", "db", "x"}, 2);
        assertThat(md.toMap()).containsExactly(Map.entry("msg", "héllo"), Map.entry("module", "db"));
        assertThat(md.utf8Size()).isEqualTo(3 + 6 + 6 + 2);
    }

    @Test
    void copiesTheArraysSoTheCallerMayReuseThem() {
        String[] names = {"a"};
        String[] values = {"1"};
        StructuredMetadata md = StructuredMetadata.of(names, values, 1);
        values[0] = "2";
        assertThat(md.value(0)).isEqualTo("1");
    }

    @Test
    void refusesNamesLokiRefusesAndMissingValues() {
        assertThatThrownBy(() -> StructuredMetadata.of(new String[] {"bad-name"}, new String[] {"v"}, 1))
                .hasMessageStartingWith("invalid label name 'bad-name'");
        assertThatThrownBy(() -> StructuredMetadata.of(new String[] {"a"}, new String[] {null}, 1))
                .hasMessage("structured metadata 'a' has no value");
        assertThat(StructuredMetadata.of(new String[0], new String[0], 0)).isSameAs(StructuredMetadata.EMPTY);
    }
}
