package dev.ferry.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A line the source knew to be ASCII is scanned from a byte-per-char copy instead of the encoder's
 * bytes: for every ASCII text, well-formed or not, the outcome must be the same.
 */
class JsonFieldsAsciiTest {
    private static final String[] KEYS = {"msg", "level", "a", "nested"};

    @Property(tries = 2000)
    void anAsciiLineScansAsItsUtf8BytesDo(@ForAll("asciiJsonish") String line) {
        JsonFields viaEncoder = new JsonFields(KEYS);
        JsonFields viaCopy = new JsonFields(KEYS);

        int expected = viaEncoder.scan(line);
        assertThat(viaCopy.scanAscii(line)).as(line).isEqualTo(expected);
        for (int i = 0; i < KEYS.length; i++) {
            assertThat(viaCopy.value(i)).as(line).isEqualTo(viaEncoder.value(i));
            assertThat(viaCopy.utf8Length(i)).as(line).isEqualTo(viaEncoder.utf8Length(i));
        }
    }

    @Property(tries = 200)
    void aLongerLineAfterAShortOneIsScannedWhole(
            @ForAll("asciiJsonish") String first, @ForAll("asciiJsonish") String second) {
        JsonFields reused = new JsonFields(KEYS);
        JsonFields fresh = new JsonFields(KEYS);
        reused.scanAscii(first);
        String longer = second + " ".repeat(600); // past the first buffer

        assertThat(reused.scanAscii(longer)).isEqualTo(fresh.scan(longer));
        assertThat(reused.value(0)).isEqualTo(fresh.value(0));
    }

    @Provide
    Arbitrary<String> asciiJsonish() {
        Arbitrary<String> key = Arbitraries.of("msg", "level", "a", "nested", "other", "m\\u0073g");
        Arbitrary<String> text = Arbitraries.strings().ascii().ofMaxLength(12);
        Arbitrary<String> value = Arbitraries.oneOf(
                text.map(s -> '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"'),
                Arbitraries.of("30", "-1.5e3", "true", "null", "[1,{\"msg\":2}]", "{\"msg\":\"in\"}", "\"\\u00e9\\n\""),
                text); // also malformed
        Arbitrary<String> field = Arbitraries.strings()
                .withChars(' ', '\t')
                .ofMaxLength(2)
                .flatMap(ws -> key.flatMap(k -> value.map(v -> ws + '"' + k + "\":" + ws + v)));
        return field.list().ofMaxSize(5).map(fields -> "{" + String.join(",", fields) + "}");
    }
}
