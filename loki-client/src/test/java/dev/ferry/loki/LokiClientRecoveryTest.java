package dev.ferry.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.loki.testing.FakeLoki;
import dev.ferry.loki.testing.FakeLoki.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * After failures: Loki's Retry-After holds for the next batch too, and delivery resumes soon after
 * Loki is back rather than after the whole backoff. Timing is read from the order and arrival of
 * the requests Loki received, with bounds far from what the client is asked to wait.
 */
class LokiClientRecoveryTest {
    private static final Instant T0 = Instant.parse("2026-01-27T12:39:48Z");
    private final ClientUnderTest t = new ClientUnderTest();

    @AfterEach
    void tearDown() {
        t.close();
    }

    private void push(int i) throws InterruptedException {
        t.client.push(null, Labels.of("app", "a"), LogEntry.of(T0.plusMillis(i), "line " + i, null), i);
    }

    @Test
    void afterGivingUpOnA429TheNextBatchWaitsForRetryAfter() throws Exception {
        t.loki.answerNext(Answer.tooManyRequests("2"));
        t.start(t.config().backoff(Duration.ofMillis(10), Duration.ofSeconds(30), 0)); // give up at once
        push(0);
        await().until(() -> t.acks.outcome(0) == PushOutcome.FAILED);
        push(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> t.acks.outcome(1) == PushOutcome.SENT);

        List<FakeLoki.Received> requests = t.loki.requests();
        assertThat(requests).hasSize(2);
        long apart = requests.get(1).receivedAtNanos - requests.get(0).receivedAtNanos;
        // Loki asked for 2 s; before, the next batch went out within milliseconds
        assertThat(apart).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(1500));
    }

    @Test
    void deliveryResumesWhenReadySaysLokiIsBackNotAfterTheWholeBackoff() throws Exception {
        t.loki.answerByDefault(Answer.closeConnection()).readyStatus(503);
        // the first retry would wait at least 15 s (20 s - 25% jitter)
        t.start(t.config().backoff(Duration.ofSeconds(20), Duration.ofSeconds(60), 5));
        push(0);
        await().until(() -> t.loki.requests().size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> !t.loki.readyProbes().isEmpty());

        t.loki.answerByDefault(Answer.status(204, "")).readyStatus(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> t.acks.outcome(0) == PushOutcome.SENT);

        List<FakeLoki.Received> requests = t.loki.requests();
        assertThat(requests).hasSize(2);
        List<FakeLoki.Probe> probes = t.loki.readyProbes();
        FakeLoki.Probe lastBeforeRetry = probes.stream()
                .filter(p -> p.receivedAtNanos() < requests.get(1).receivedAtNanos)
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(lastBeforeRetry.status()).isEqualTo(200);
        assertThat(probes.get(0).status()).isEqualTo(503);
    }

    @Test
    void aRestartedLokiThatAnswersButIsNotReadyYetGetsAPushAtOnce() throws Exception {
        // a starting Loki takes pushes seconds before /ready says 200: the first answer after none is the cue
        t.loki.answerByDefault(Answer.closeConnection()).readyStatus(0);
        t.start(t.config().backoff(Duration.ofSeconds(20), Duration.ofSeconds(60), 5));
        push(0);
        await().until(() -> t.loki.requests().size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> !t.loki.readyProbes().isEmpty());

        t.loki.answerByDefault(Answer.status(204, "")).readyStatus(503);
        await().atMost(Duration.ofSeconds(10)).until(() -> t.acks.outcome(0) == PushOutcome.SENT);

        List<FakeLoki.Received> requests = t.loki.requests();
        assertThat(requests).hasSize(2);
        FakeLoki.Probe lastBeforeRetry = t.loki.readyProbes().stream()
                .filter(p -> p.receivedAtNanos() < requests.get(1).receivedAtNanos)
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(lastBeforeRetry.status())
                .as("the probe that answered, not ready")
                .isEqualTo(503);
    }

    @Test
    void aLokiThatIsReadyButAnswers503KeepsItsBackoff() throws Exception {
        // overloaded, not gone: /ready says 200 all along, so the probe must not hurry the retry
        t.loki.answerNext(Answer.status(503, "too many outstanding requests"));
        t.start(t.config().backoff(Duration.ofSeconds(4), Duration.ofSeconds(8), 5));
        push(0);
        await().until(() -> t.loki.requests().size() == 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> t.acks.outcome(0) == PushOutcome.SENT);

        List<FakeLoki.Received> requests = t.loki.requests();
        assertThat(t.loki.readyProbes()).isNotEmpty().allMatch(p -> p.status() == 200);
        // the retry waited its backoff (at least 3 s), not the 1 s to the first probe
        assertThat(requests.get(1).receivedAtNanos - requests.get(0).receivedAtNanos)
                .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(2500));
    }
}
