package dev.ferry.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.pipeline.TestPipeline;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DecolorizeStageTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("colours", "\u001b[31mERROR\u001b[0m boom", "ERROR boom"),
                Arguments.of("bold and 256 colours", "\u001b[1;38;5;208mwarn\u001b[m x", "warn x"),
                Arguments.of("cursor movement", "a\u001b[2Kb\u001b[1Ac", "abc"),
                Arguments.of("no escapes: unchanged", "plain [31m text", "plain [31m text"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void removesAnsiSequences(String name, String line, String expected) {
        assertThat(TestPipeline.of("- decolorize: {}").send(line).lines()).containsExactly(expected);
    }
}
