package dev.ferry.loki;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(Duration.ofMillis(500), Duration.ofMinutes(5), 10, true);

    @ParameterizedTest(name = "status {0} on attempt {1} -> {2}")
    @CsvSource({
        "200, 1, SENT",
        "204, 1, SENT",
        "400, 1, REJECT",
        "401, 1, RETRY",
        "403, 1, RETRY",
        "404, 1, RETRY",
        "408, 1, RETRY",
        "401, 11, GIVE_UP",
        "422, 1, REJECT",
        "413, 1, REJECT",
        "429, 1, RETRY",
        "500, 1, RETRY",
        "502, 10, RETRY",
        "503, 11, GIVE_UP",
        "0, 1, RETRY",
    })
    void decides(int status, int attempt, RetryPolicy.Action action) {
        HttpAnswer answer = status == 0 ? null : new HttpAnswer(status, null, "");
        assertThat(policy.decide(answer, attempt, 0).action()).isEqualTo(action);
    }

    @Test
    void doesNotRetry429WhenToldNotTo() {
        RetryPolicy p = new RetryPolicy(Duration.ofMillis(500), Duration.ofMinutes(5), 10, false);
        assertThat(p.decide(new HttpAnswer(429, null, ""), 1, 0).action()).isEqualTo(RetryPolicy.Action.REJECT);
    }

    @Test
    void backoffDoublesWithJitterAndStopsAtMax() {
        for (int attempt = 1; attempt <= 12; attempt++) {
            long base = Math.min(500L << (attempt - 1), 300_000L);
            long ms = TimeUnit.NANOSECONDS.toMillis(policy.backoff(attempt));
            assertThat(ms).isBetween(Math.max(500, (long) (base * 0.75)) - 1, Math.min(300_000, (long) (base * 1.25)));
        }
    }

    @Test
    void honoursRetryAfterInSeconds() {
        var d = policy.decide(new HttpAnswer(429, "7", ""), 1, 0);
        assertThat(d.delayNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(7));
    }

    @Test
    void honoursRetryAfterAsAnHttpDate() {
        long now = Instant.parse("2026-01-27T12:00:00Z").toEpochMilli();
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.parse("2026-01-27T12:00:30Z").atOffset(ZoneOffset.UTC));
        var d = policy.decide(new HttpAnswer(503, date, ""), 1, now);
        assertThat(d.delayNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(30));
    }

    @Test
    void capsRetryAfterAtMaxBackoffAndIgnoresGarbage() {
        assertThat(policy.decide(new HttpAnswer(429, "86400", ""), 1, 0).delayNanos())
                .isEqualTo(TimeUnit.MINUTES.toNanos(5));
        long d = policy.decide(new HttpAnswer(429, "soon", ""), 1, 0).delayNanos();
        assertThat(TimeUnit.NANOSECONDS.toMillis(d)).isBetween(500L, 625L);
    }
}
