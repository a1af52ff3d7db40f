package dev.ferry.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KubeletTimestampTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "2026-01-27T12:39:48.421337000Z",
                "2026-01-27T12:39:48Z",
                "2026-01-27T12:39:48.4Z",
                "1970-01-01T00:00:00.000000001Z",
                "2024-02-29T23:59:59.999999999Z",
                "2026-01-27T14:39:48.421+02:00",
                "2026-01-27T07:09:48.5-05:30",
                "1969-12-31T23:59:59.5Z"
            })
    void parsesWhatJavaTimeParses(String text) {
        OffsetDateTime expected = OffsetDateTime.parse(text);
        Instant i = expected.toInstant();

        assertThat(KubeletTimestamp.parse(text)).isEqualTo(i.getEpochSecond() * 1_000_000_000L + i.getNano());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(
            strings = {
                "",
                "hello world",
                "2026-01-27 12:39:48Z",
                "2026-01-27T12:39:48",
                "2026-01-27T12:39:48.Z",
                "2026-13-27T12:39:48Z",
                "2026-01-27T12:39:48Zjunk",
                "2026-01-27T12:39:48+0200"
            })
    void refusesWhatIsNotATimestamp(String text) {
        assertThat(KubeletTimestamp.parse(text)).isEqualTo(KubeletTimestamp.INVALID);
    }

    @ParameterizedTest
    @CsvSource({
        "2026-01-27T12:39:48.421337000Z, 2026-01-27T12:39:48.421337000Z, 2026-01-27T12:39:48Z",
        "2026-01-27T12:39:48Z, 2026-01-27T12:39:48.000000000Z, 2026-01-27T12:39:48Z",
        "1969-12-31T23:59:59.5Z, 1969-12-31T23:59:59.500000000Z, 1969-12-31T23:59:59Z"
    })
    void formatsWithNineDigitsAndSinceTimeRoundsDown(String in, String full, String seconds) {
        long nanos = KubeletTimestamp.parse(in);

        assertThat(KubeletTimestamp.format(nanos)).isEqualTo(full);
        assertThat(KubeletTimestamp.formatSeconds(nanos)).isEqualTo(seconds);
    }
}
