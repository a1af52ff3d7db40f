package dev.ferry.pipeline.gotime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GoTimeFormatTest {
    private static final long NOW = nanos("2026-11-26T04:53:00Z");

    /**
     * format, location, input, expected instant (UTC) or FAIL. Every expectation here is what
     * Promtail 3.4.6's timestamp stage produced for the same input (TZ=UTC).
     */
    static Stream<Arguments> promtailCases() {
        return Stream.of(
                c("RFC3339", null, "2026-01-27T12:39:48Z", "2026-01-27T12:39:48Z"),
                c("RFC3339", null, "2026-01-27T12:39:48.123+02:00", "2026-01-27T10:39:48.123Z"),
                c("RFC3339", "America/New_York", "2026-01-27T12:39:48-05:00", "2026-01-27T17:39:48Z"),
                c("RFC3339", null, "2026-01-27 12:39:48Z", "FAIL"),
                c("RFC3339Nano", null, "2026-01-27T12:39:48.421234567Z", "2026-01-27T12:39:48.421234567Z"),
                c("RFC3339Nano", null, "2026-01-27T12:39:48Z", "2026-01-27T12:39:48Z"),
                c("RFC3339Nano", null, "2026-01-27T12:39:48.4212345678912Z", "2026-01-27T12:39:48.421234567Z"),
                c("RFC1123", null, "Tue, 27 Jan 2026 12:39:48 GMT", "2026-01-27T12:39:48Z"),
                c("RFC1123", "America/Los_Angeles", "Tue, 27 Jan 2026 12:39:48 PST", "2026-01-27T12:39:48Z"),
                c("RFC1123Z", null, "Tue, 27 Jan 2026 12:39:48 -0800", "2026-01-27T20:39:48Z"),
                c("RFC822", null, "27 Jan 26 12:39 UTC", "2026-01-27T12:39:00Z"),
                c("RFC822Z", null, "27 Jan 26 12:39 +0530", "2026-01-27T07:09:00Z"),
                c("RFC850", null, "Tuesday, 27-Jan-26 12:39:48 UTC", "2026-01-27T12:39:48Z"),
                c("ANSIC", null, "Tue Jan 27 12:39:48 2026", "2026-01-27T12:39:48Z"),
                c("ANSIC", null, "Tue Jan  7 12:39:48 2026", "2026-01-07T12:39:48Z"),
                c("ANSIC", "Europe/Berlin", "Tue Jan 27 12:39:48 2026", "2026-01-27T12:39:48Z"),
                c("UnixDate", null, "Tue Jan 27 12:39:48 UTC 2026", "2026-01-27T12:39:48Z"),
                c("RubyDate", null, "Tue Jan 27 12:39:48 +0100 2026", "2026-01-27T11:39:48Z"),
                c("Unix", null, "1769517588", "2026-01-27T12:39:48Z"),
                c("Unix", null, "1769517588.421", "2026-01-27T12:39:48.421Z"),
                c("Unix", null, "1769517588.000000001", "2026-01-27T12:39:48.000000001Z"),
                c("Unix", null, "-1.5", "1969-12-31T23:59:59.5Z"),
                c("Unix", null, "1769517588.", "FAIL"),
                c("Unix", null, "1.2.3", "FAIL"),
                c("Unix", null, "+12", "1970-01-01T00:00:12Z"),
                c("UnixMs", null, "1769517588421", "2026-01-27T12:39:48.421Z"),
                c("UnixMs", null, "1769517588421.5", "FAIL"),
                c("UnixUs", null, "1769517588421234", "2026-01-27T12:39:48.421234Z"),
                c("UnixNs", null, "1769517588421234567", "2026-01-27T12:39:48.421234567Z"),
                c("2006-01-02T15:04:05.000Z07:00", null, "2026-01-27T12:39:48.421Z", "2026-01-27T12:39:48.421Z"),
                c("2006-01-02T15:04:05.000Z07:00", null, "2026-01-27T12:39:48.42Z", "FAIL"),
                c("2006-01-02T15:04:05.000Z07:00", null, "2026-01-27T12:39:48.421-03:30", "2026-01-27T16:09:48.421Z"),
                c("2006-01-02T15:04:05Z07:00", null, "2026-01-27T12:39:48.987654Z", "2026-01-27T12:39:48.987654Z"),
                c("2006-01-02 15:04:05", "Europe/Berlin", "2026-07-01 12:00:00", "2026-07-01T10:00:00Z"),
                c("2006-01-02 15:04:05", "Europe/Berlin", "2026-03-29 02:30:00", "2026-03-29T01:30:00Z"),
                c("2006-01-02 15:04:05", "Europe/Berlin", "2026-10-25 02:30:00", "2026-10-25T01:30:00Z"),
                c("2006-01-02 15:04:05", "America/Los_Angeles", "2026-03-08 02:30:00", "2026-03-08T09:30:00Z"),
                c("2006-01-02 15:04:05", "America/Los_Angeles", "2026-11-01 01:30:00", "2026-11-01T08:30:00Z"),
                c("2006-01-02 15:04:05", null, "2026-01-27  12:39:48", "2026-01-27T12:39:48Z"),
                c("2006-01-02 15:04:05", null, "2026-01-27T12:39:48", "FAIL"),
                c("2006-01-02 15:04:05", null, "2026-02-29 12:39:48", "FAIL"),
                c("2006-01-02 15:04:05", null, "2024-02-29 12:39:48", "2024-02-29T12:39:48Z"),
                c("2006-01-02 15:04:05", null, "2026-01-27 24:39:48", "FAIL"),
                c("2006-01-02 15:04:05", null, "2026-01-27 12:39:48 extra", "FAIL"),
                c(
                        "Jan 02, 2006 15:04:05.000",
                        "America/New_York",
                        "Jan 27, 2026 12:39:48.421",
                        "2026-01-27T17:39:48.421Z"),
                c(
                        "Jan 02, 2006 15:04:05.000",
                        "America/New_York",
                        "JAN 27, 2026 12:39:48.421",
                        "2026-01-27T17:39:48.421Z"),
                c("Jan _2 2006 15:04:05.000", null, "Jan  7 2026 15:04:05.123", "2026-01-07T15:04:05.123Z"),
                c("Jan _2 2006 15:04:05.000", null, "Jan 17 2026 15:04:05.123", "2026-01-17T15:04:05.123Z"),
                c("Jan 2 2006 3:04:05 PM", null, "Jan 7 2026 3:04:05 PM", "2026-01-07T15:04:05Z"),
                c("Jan 2 2006 3:04:05 PM", null, "Jan 7 2026 12:04:05 AM", "2026-01-07T00:04:05Z"),
                c("Jan 2 2006 3:04:05 pm", null, "Jan 7 2026 12:04:05 pm", "2026-01-07T12:04:05Z"),
                c("02/01/2006 15:04:05,000 -0700", null, "27/01/2026 12:39:48,421 +0100", "2026-01-27T11:39:48.421Z"),
                c("2006-01-02T15:04:05.999999999Z07:00", null, "2026-01-27T12:39:48Z", "2026-01-27T12:39:48Z"),
                c("2006-01-02T15:04:05.999Z07:00", null, "2026-01-27T12:39:48.1234Z", "2026-01-27T12:39:48.1234Z"),
                c("20060102150405", null, "20260127123948", "2026-01-27T12:39:48Z"),
                c("2006-002 15:04", null, "2026-058 12:00", "2026-02-27T12:00:00Z"),
                c("2006-002 15:04", null, "2024-060 12:00", "2024-02-29T12:00:00Z"),
                c(
                        "Mon Jan 2 15:04:05 MST 2006",
                        "Europe/Berlin",
                        "Tue Jan 27 12:39:48 CET 2026",
                        "2026-01-27T11:39:48Z"),
                c(
                        "Mon Jan 2 15:04:05 MST 2006",
                        "Europe/Berlin",
                        "Mon Jul 27 12:39:48 CEST 2026",
                        "2026-07-27T10:39:48Z"),
                c("Mon Jan 2 15:04:05 MST 2006", null, "Tue Jan 27 12:39:48 XYZ 2026", "2026-01-27T12:39:48Z"),
                c("Mon Jan 2 15:04:05 MST 2006", null, "Tue Jan 27 12:39:48 GMT+3 2026", "2026-01-27T12:39:48Z"),
                c("Mon Jan 2 15:04:05 MST 2006", null, "Tue Jan 27 12:39:48 Xy 2026", "FAIL"),
                c("Monday Jan 2 2006", null, "Tuesday Jan 27 2026", "2026-01-27T00:00:00Z"),
                c("2006-01-02T15:04:05-07:00:00", null, "2026-01-27T12:39:48+01:30:15", "2026-01-27T11:09:33Z"),
                c("2006-01-02T15:04:05-07", null, "2026-01-27T12:39:48+03", "2026-01-27T09:39:48Z"));
    }

    private static Arguments c(String format, String location, String input, String expected) {
        return Arguments.of(format, location, input, expected);
    }

    @ParameterizedTest(name = "{0} [{1}] {2}")
    @MethodSource("promtailCases")
    void parsesAsPromtail(String format, String location, String input, String expected) {
        GoTimeFormat f = GoTimeFormat.compile(format, location == null ? null : ZoneId.of(location));
        long got = f.parse(input, NOW);
        if (expected.equals("FAIL")) {
            assertThat(got).isEqualTo(GoTimeFormat.FAILED);
        } else {
            assertThat(got).as(() -> Instant.ofEpochSecond(0, got).toString()).isEqualTo(nanos(expected));
        }
    }

    /** format, location, now, input, expected: formats without a year take it from "now". */
    static Stream<Arguments> withoutYear() {
        return Stream.of(
                Arguments.of(
                        "Jan _2 15:04:05", null, "2026-06-10T00:00:00Z", "Jun  9 23:00:01", "2026-06-09T23:00:01Z"),
                Arguments.of(
                        "Jan _2 15:04:05", null, "2026-01-01T00:10:00Z", "Dec 31 23:59:59", "2025-12-31T23:59:59Z"),
                Arguments.of(
                        "Jan _2 15:04:05", null, "2026-12-31T23:59:00Z", "Jan  1 00:00:01", "2027-01-01T00:00:01Z"),
                Arguments.of(
                        "Jan _2 15:04:05", null, "2026-03-01T00:00:00Z", "Feb 29 10:00:00", "2026-03-01T10:00:00Z"),
                Arguments.of(
                        "Jan _2 15:04:05",
                        "Europe/Berlin",
                        "2026-07-01T00:00:00Z",
                        "Jul  1 12:00:00",
                        "2026-07-01T10:00:00Z"),
                Arguments.of("Stamp", null, "2026-06-10T00:00:00Z", "Jun  9 23:00:01", "2026-06-09T23:00:01Z"),
                Arguments.of(
                        "StampMilli", null, "2026-06-10T00:00:00Z", "Jun  9 23:00:01.123", "2026-06-09T23:00:01.123Z"),
                Arguments.of(
                        "StampMicro",
                        null,
                        "2026-06-10T00:00:00Z",
                        "Jun  9 23:00:01.123456",
                        "2026-06-09T23:00:01.123456Z"),
                Arguments.of(
                        "StampNano",
                        null,
                        "2026-06-10T00:00:00Z",
                        "Jun  9 23:00:01.123456789",
                        "2026-06-09T23:00:01.123456789Z"),
                Arguments.of("Kitchen", null, "2026-06-10T00:00:00Z", "3:04PM", "2026-01-01T15:04:00Z"),
                Arguments.of("Kitchen", null, "2026-06-10T00:00:00Z", "3:04", "FAIL"));
    }

    @ParameterizedTest(name = "{0} now={2} {3}")
    @MethodSource("withoutYear")
    void takesTheYearFromNow(String format, String location, String now, String input, String expected) {
        GoTimeFormat f = GoTimeFormat.compile(format, location == null ? null : ZoneId.of(location));
        assertThat(f.withoutYear()).isTrue();
        long got = f.parse(input, nanos(now));
        assertThat(got).isEqualTo(expected.equals("FAIL") ? GoTimeFormat.FAILED : nanos(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plexCases")
    void plexTimestampsInTheirZone(String input, String zone, String expected) {
        GoTimeFormat f = GoTimeFormat.compile("Jan 02, 2006 15:04:05.000", ZoneId.of(zone));
        assertThat(f.parse(input, NOW)).isEqualTo(nanos(expected));
    }

    static Stream<Arguments> plexCases() {
        return Stream.of(
                Arguments.of("Jan 27, 2026 12:39:48.421", "America/Los_Angeles", "2026-01-27T20:39:48.421Z"),
                Arguments.of("Jul 04, 2026 09:00:00.000", "America/Los_Angeles", "2026-07-04T16:00:00Z"),
                Arguments.of("Jan 27, 2026 12:39:48.421", "UTC", "2026-01-27T12:39:48.421Z"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badFormats")
    void rejectsFormatsWithoutElements(String format, String message) {
        assertThatThrownBy(() -> GoTimeFormat.compile(format, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    static Stream<Arguments> badFormats() {
        return Stream.of(
                Arguments.of("yyyy-MM-dd HH:mm:ss", "format 'yyyy-MM-dd HH:mm:ss' has no Go reference-time element"),
                Arguments.of("", "format is empty"));
    }

    private static long nanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
