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

    @Test
    void aLineThatIsAlsoAMetadataValueHasTheSameUtf8Length() {
        String msg = "héllo wörld";
        StructuredMetadata md = StructuredMetadata.of(new String[] {"msg"}, new String[] {msg}, 1);

        LogEntry same = new LogEntry(1, msg, md);
        LogEntry equalText = new LogEntry(1, new String(msg), md);
        LogEntry other = new LogEntry(1, "é", md);

        assertThat(same.lineUtf8Length()).isEqualTo(13).isEqualTo(equalText.lineUtf8Length());
        assertThat(other.lineUtf8Length()).isEqualTo(2);
        assertThat(same.sizeBytes()).isEqualTo(13 + 3 + 13);
    }
}
