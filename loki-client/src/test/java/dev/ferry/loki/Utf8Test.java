package dev.ferry.loki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Utf8Test {

    @Property(tries = 500)
    void agreesWithTheJdkOnValidText(@ForAll String s) {
        if (Utf8.hasLoneSurrogate(s)) {
            return;
        }
        byte[] expected = s.getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.length(s)).isEqualTo(expected.length);
        byte[] out = new byte[expected.length + 2];
        int end = Utf8.encode(s, expected.length, out, 1);
        assertThat(end).isEqualTo(expected.length + 1);
        assertThat(Arrays.copyOfRange(out, 1, end)).isEqualTo(expected);
    }

    @Property(tries = 500)
    void lengthAndEncodingAlwaysAgree(@ForAll String s) {
        int length = Utf8.length(s);
        byte[] out = new byte[length];
        assertThat(Utf8.encode(s, length, out, 0)).isEqualTo(length);
    }

    @Property(tries = 500)
    void aPrefixIsTheLongestThatFitsAndNeverSplitsACharacter(@ForAll String s, @ForAll @IntRange(max = 64) int max) {
        String prefix = Utf8.prefix(s, max);
        assertThat(s).startsWith(prefix);
        assertThat(Utf8.length(prefix)).isLessThanOrEqualTo(max);
        if (prefix.length() < s.length()) {
            int next = Character.isHighSurrogate(s.charAt(prefix.length())) ? 2 : 1;
            assertThat(Utf8.length(s.substring(0, Math.min(s.length(), prefix.length() + next))))
                    .isGreaterThan(max);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "lone high surrogate, '\uD800', 'EF BF BD'",
        "lone low surrogate, '\uDC00', 'EF BF BD'",
        "pair, '\uD83D\uDE80', 'F0 9F 9A 80'",
        "two-byte, 'é', 'C3 A9'",
    })
    void encodes(String name, String input, String hex) {
        byte[] out = new byte[Utf8.length(input)];
        Utf8.encode(input, out.length, out, 0);
        StringBuilder sb = new StringBuilder();
        for (byte b : out) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format("%02X", b));
        }
        assertThat(sb.toString()).isEqualTo(hex);
    }
}
