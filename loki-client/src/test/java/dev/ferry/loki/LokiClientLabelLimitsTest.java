package dev.ferry.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.loki.testing.FakeLoki.ReceivedEntry;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Labels Loki would refuse are fixed before sending, and the line is kept. */
class LokiClientLabelLimitsTest {
    private static final Instant T0 = Instant.parse("2026-01-27T12:39:48Z");
    private final ClientUnderTest t = new ClientUnderTest();

    @AfterEach
    void tearDown() {
        t.close();
    }

    @Test
    void aLabelValueOverLokisLimitGoesOutAsStructuredMetadata() throws Exception {
        t.start(t.config());
        String level = "{".repeat(70_000); // what a pino line with an odd level once sent as a label
        t.client.push(
                null,
                Labels.of("app", "api", "level", level),
                LogEntry.of(T0, "hello", StructuredMetadata.of("msg", "hello")),
                "t");

        await().until(() -> t.acks.outcome("t") == PushOutcome.SENT);
        ReceivedEntry received = t.loki.acceptedEntries().get(0);
        assertThat(received.labels()).isEqualTo("{app=\"api\"}");
        assertThat(received.line()).isEqualTo("hello");
        assertThat(received.metadata()).containsEntry("msg", "hello").containsKey("level");
        assertThat(received.metadata().get("level")).startsWith("{{{");
        assertThat(t.counter("ferry.loki.labels.fixed", "reason", "value_too_long"))
                .isEqualTo(1);
    }

    @Test
    void limitsAreTheEndpointsToSet() throws Exception {
        t.start(t.config().labelLimits(new LabelLimits(1024, 2048, 2, 65536)));
        t.client.push(
                null, Labels.of("app", "api", "namespace", "prod", "pod", "api-1"), LogEntry.of(T0, "x", null), "t");

        await().until(() -> t.acks.outcome("t") == PushOutcome.SENT);
        ReceivedEntry received = t.loki.acceptedEntries().get(0);
        assertThat(received.labels()).isEqualTo("{app=\"api\", namespace=\"prod\"}");
        assertThat(received.metadata()).containsEntry("pod", "api-1");
        assertThat(t.counter("ferry.loki.labels.fixed", "reason", "too_many_labels"))
                .isEqualTo(1);
    }
}
