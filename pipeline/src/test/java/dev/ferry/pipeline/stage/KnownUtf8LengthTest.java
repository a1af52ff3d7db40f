package dev.ferry.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.loki.LogEntry;
import dev.ferry.loki.StructuredMetadata;
import dev.ferry.loki.Utf8;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.TestPipeline;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The json stage hands each value's UTF-8 length on (output and structured_metadata carry it to
 * the Loki entry), so the client does not measure it again: every length it hands on must be the
 * real one, whatever the value holds, or the push would be corrupt.
 */
class KnownUtf8LengthTest {
    private static final String STAGES = """
            - json: {expressions: {msg: msg, module: module, level: level}}
            - output: {source: msg}
            - structured_metadata: {values: {msg: "", module: "", level: ""}}
            """;

    @Property(tries = 1000)
    void lengthsHandedOnAreTheRealOnes(
            @ForAll("values") String msg, @ForAll("values") String module, @ForAll boolean escapeAll) {
        String line = "{\"level\":30,\"msg\":" + quote(msg, escapeAll) + ",\"module\":" + quote(module, false) + "}";
        TestPipeline p = TestPipeline.of(STAGES).send(line);

        LogEntry e = p.out.get(0).toLogEntry();
        assertThat(e.line()).isEqualTo(msg);
        assertThat(e.lineUtf8Length()).as("line %s", line).isEqualTo(Utf8.length(msg));
        StructuredMetadata md = e.metadata();
        int expected = 0;
        for (int i = 0; i < md.size(); i++) {
            expected += Utf8.length(md.name(i)) + Utf8.length(md.value(i));
        }
        assertThat(md.utf8Size()).as("metadata of %s", line).isEqualTo(expected);
    }

    @Test
    void aStringValueCarriesItsUtf8Length() {
        Entry ascii = TestPipeline.of(STAGES).send("{\"msg\":\"ok\"}").out.get(0);
        Entry accented = TestPipeline.of(STAGES)
                .send("{\"msg\":\"d\\u00e9j\u00e0\"}")
                .out
                .get(0);

        assertThat(ascii.extracted().utf8Length(ascii.extracted().indexOf("msg")))
                .isEqualTo(2);
        assertThat(accented.line()).isEqualTo("d\u00e9j\u00e0");
        assertThat(accented.extracted().utf8Length(accented.extracted().indexOf("msg")))
                .isEqualTo(6);
        assertThat(accented.toLogEntry().lineUtf8Length()).isEqualTo(6);
    }

    @Provide
    Arbitrary<String> values() {
        // text a source can produce: surrogates only in pairs (a decoder writes U+FFFD for bad bytes)
        return Arbitraries.of("a", "b", " ", "\"", "\\", "/", "\n", "\t", "é", "€", "\u0001", "\uD83D\uDE00", "\uFFFD")
                .list()
                .ofMaxSize(12)
                .map(pieces -> String.join("", pieces));
    }

    @Test
    void aLoneSurrogateEscapeReadsAsTheReplacementCharacterAsInGo() {
        Entry e = TestPipeline.of(STAGES)
                .send("{\"msg\":\"a\\ud800b\\udc00\\ud83d\\ude00\"}")
                .out
                .get(0);

        assertThat(e.line()).isEqualTo("a\uFFFDb\uFFFD\uD83D\uDE00");
        assertThat(e.toLogEntry().lineUtf8Length()).isEqualTo(Utf8.length(e.line()));
    }

    /** A JSON string for {@code s}: required escapes, and with {@code all} every character as {@code \\u}. */
    private static String quote(String s, boolean all) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (all || c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
