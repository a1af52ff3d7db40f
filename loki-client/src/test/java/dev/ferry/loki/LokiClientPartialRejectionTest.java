package dev.ferry.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.loki.testing.FakeLoki.Answer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Loki's 400 that refuses some streams of a push and stores the rest, answered with Loki's real body. */
class LokiClientPartialRejectionTest {
    private final ClientUnderTest t = new ClientUnderTest();

    @AfterEach
    void tearDown() {
        t.close();
    }

    @Test
    void eachEntryIsAcknowledgedAndCountedAsWhatLokiDidWithIt() throws Exception {
        t.loki.answerNext(Answer.status(400, RefusalFixtures.body("distributor-mix.txt")));
        t.start(t.config()
                .batchWait(Duration.ofMillis(300))
                .maxLineSize(0, true) // let Loki itself refuse the long line, as in the fixture
                .labelLimits(new LabelLimits(0, 0, 0, 0))); // and the long label
        Pushes fixture = RefusalFixtures.distributorMix();
        t.pushAll(fixture);

        await().until(() -> t.acks.count() == fixture.size());
        assertThat(t.loki.requests()).hasSize(1);
        RefusalFixtures.DISTRIBUTOR_MIX_STORED.forEach((token, stored) -> assertThat(t.acks.outcome(token))
                .as(token)
                .isEqualTo(stored ? PushOutcome.SENT : PushOutcome.REJECTED));
        assertThat(t.counter("ferry.loki.entries.sent")).isEqualTo(5);
        assertThat(t.counter("ferry.loki.entries.rejected", "reason", "too_new"))
                .isEqualTo(2);
        assertThat(t.counter("ferry.loki.entries.rejected", "reason", "line_too_long"))
                .isEqualTo(1);
        assertThat(t.counter("ferry.loki.entries.rejected", "reason", "invalid_labels"))
                .isEqualTo(2);
        assertThat(t.counter("ferry.loki.entries.rejected", "reason", "structured_metadata"))
                .isEqualTo(1);
        assertThat(t.counter("ferry.loki.retries")).isZero();
    }

    @Test
    void theIngestersRefusalOfEntriesBehindCountsOnlyThose() throws Exception {
        t.loki.answerNext(Answer.status(400, RefusalFixtures.body("ingester-behind.txt")));
        t.start(t.config().batchWait(Duration.ofMillis(300)));
        Pushes fixture = RefusalFixtures.ingesterBehind();
        t.pushAll(fixture);

        await().until(() -> t.acks.count() == fixture.size());
        assertThat(t.acks.count(PushOutcome.REJECTED)).isEqualTo(RefusalFixtures.OLD_ENTRIES);
        assertThat(t.acks.outcome("new")).isEqualTo(PushOutcome.SENT);
        assertThat(t.acks.outcome("fine")).isEqualTo(PushOutcome.SENT);
        assertThat(t.counter("ferry.loki.entries.rejected", "reason", "out_of_order"))
                .isEqualTo(RefusalFixtures.OLD_ENTRIES);
    }
}
