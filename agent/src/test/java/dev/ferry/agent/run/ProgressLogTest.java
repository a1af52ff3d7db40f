package dev.ferry.agent.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.loki.Labels;
import dev.ferry.loki.LogEntry;
import dev.ferry.loki.LokiClient;
import dev.ferry.loki.LokiClientConfig;
import dev.ferry.loki.testing.FakeLoki;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The periodic progress line: what each endpoint did since the last one, and nothing for a quiet period. */
class ProgressLogTest {
    private static final Labels APP = Labels.of(java.util.Map.of("app", "api"));

    private static long now() {
        return LogEntry.toEpochNanos(java.time.Instant.now());
    }

    @Test
    void eachPeriodReportsWhatWasSentAndRejectedSinceTheLast() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AtomicInteger settled = new AtomicInteger();
        try (FakeLoki loki = FakeLoki.start();
                LokiClient client = new LokiClient(
                        LokiClientConfig.builder(loki.pushUrl())
                                .batchWait(Duration.ofMillis(10))
                                .build(),
                        (token, outcome) -> settled.incrementAndGet(),
                        meters)) {
            ProgressLog progress = new ProgressLog(meters, List.of(client), Duration.ofSeconds(60));
            assertThat(progress.sinceLastReport()).isEmpty(); // nothing happened yet: no line

            for (int i = 0; i < 3; i++) {
                client.push(null, APP, new LogEntry(now() + i, "line " + i), i);
            }
            await().until(() -> settled.get() == 3);

            assertThat(progress.sinceLastReport()).singleElement().satisfies(p -> {
                assertThat(p.endpoint()).isEqualTo("default");
                assertThat(p.url()).isEqualTo(loki.pushUrl());
                assertThat(p.entries()).isEqualTo(3);
                assertThat(p.bytes()).isGreaterThanOrEqualTo("line 0line 1line 2".length());
                assertThat(p.rejected()).isZero();
                assertThat(p.failed()).isZero();
            });
            assertThat(progress.sinceLastReport()).isEmpty(); // a quiet period writes nothing

            loki.answerNext(FakeLoki.Answer.status(400, "entry too far behind"));
            client.push(null, APP, new LogEntry(now(), "late"), 3);
            await().until(() -> settled.get() == 4);

            assertThat(progress.sinceLastReport())
                    .singleElement()
                    .satisfies(p -> assertThat(List.of(p.entries(), p.rejected(), p.failed()))
                            .containsExactly(0L, 1L, 0L));
        }
    }
}
