package dev.ferry.loki;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LineTruncationTest {
    static Stream<Arguments> cases() {
        String marker = LineTruncation.MARKER; // 23 bytes
        return Stream.of(
                Arguments.of("room for the marker", "a".repeat(40), 30, "aaaaaaa" + marker),
                Arguments.of("a character is never split", "aaaaaé" + "b".repeat(40), 29, "aaaaa" + marker),
                Arguments.of("a surrogate pair is never split", "aaaaa😀" + "b".repeat(40), 31, "aaaaa" + marker),
                Arguments.of("no room for the marker: the plain prefix", "abcé€", 5, "abcé"),
                Arguments.of("tiny limits count bytes, not chars", "ééé", 3, "é"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void cutsToTheLimitWithTheMarker(String name, String line, int maxBytes, String expected) {
        assertThat(LineTruncation.truncate(line, maxBytes)).isEqualTo(expected);
    }

    @Property(tries = 300)
    void theCutLineFitsTheLimit(@ForAll String line, @ForAll @IntRange(min = 1, max = 200) int maxBytes) {
        String cut = LineTruncation.truncate(line, maxBytes);
        assertThat(Utf8.length(cut)).isLessThanOrEqualTo(maxBytes);
        String head = cut.endsWith(LineTruncation.MARKER)
                ? cut.substring(0, cut.length() - LineTruncation.MARKER.length())
                : cut;
        assertThat(line).startsWith(head);
    }
}
