package dev.ferry.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link LiteralSearch} must answer exactly as {@link String#contains}, skips and all. */
class LiteralSearchTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("health/", "GET /api/health/readiness HTTP/1.1", true),
                Arguments.of("health/", "GET /api/healthz HTTP/1.1", false),
                Arguments.of("health/", "health/", true),
                Arguments.of("health/", "ealth/", false),
                Arguments.of("health/", "", false),
                Arguments.of("health/", "xhealth/", true),
                Arguments.of("health/", "héalth/ health/", true),
                Arguments.of("health/", "health\u2215", false),
                Arguments.of("GET /", "{\"msg\":\"GET /x\"}", true),
                Arguments.of("abab", "abaabab", true),
                Arguments.of("abab", "abaaba", false),
                Arguments.of("aab", "aaaab", true),
                Arguments.of("ab", "xxab", true),
                Arguments.of("a", "bbb", false));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("cases")
    void findsWhatContainsFinds(String literal, String line, boolean expected) {
        assertThat(new LiteralSearch(literal).foundIn(line)).isEqualTo(expected);
    }

    @Property(tries = 3000)
    void sameAnswerAsContains(@ForAll("literals") String literal, @ForAll("lines") String line) {
        assertThat(new LiteralSearch(literal).foundIn(line))
                .as("%s in %s", literal, line)
                .isEqualTo(line.contains(literal));
    }

    @Provide
    Arbitrary<String> literals() {
        return Arbitraries.strings().withChars("ab/c").ofMinLength(1).ofMaxLength(6);
    }

    @Provide
    Arbitrary<String> lines() {
        return Arbitraries.strings().withChars("ab/cé\u2215").ofMaxLength(40);
    }

    @Test
    void refusesALiteralThatIsNotAscii() {
        assertThatThrownBy(() -> new LiteralSearch("héalth")).isInstanceOf(IllegalArgumentException.class);
    }
}
