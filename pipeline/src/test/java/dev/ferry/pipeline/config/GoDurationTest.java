package dev.ferry.pipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "3s, PT3S",
        "0, PT0S",
        "250ms, PT0.25S",
        "1m30s, PT1M30S",
        "1.5h, PT1H30M",
        "2h45m10.5s, PT2H45M10.5S",
        "100us, PT0.0001S",
        "100µs, PT0.0001S",
        "7ns, PT0.000000007S",
        "-1s, PT-1S",
        "1.5s250ms, PT1.75S",
        "2562047h47m16s, PT2562047H47M16S",
        "9223372036854775807ns, PT2562047H47M16.854775807S"
    })
    void parsesGoDurations(String text, String iso) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"2562048h", "9223372036854775808ns", "99999999999999999999s", "2562047h47m16s1s"})
    void rejectsDurationsBeyondALong(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is too long a duration");
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource({"3", "3 s", "s", "3sec", "1.2.3s", "''"})
    void rejectsOthersWithAHint(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.isEmpty() ? "is empty" : "e.g. 3s or 1m30s");
    }
}
