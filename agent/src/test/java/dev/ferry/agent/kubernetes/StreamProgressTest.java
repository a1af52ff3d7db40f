package dev.ferry.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.loki.PushOutcome;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StreamProgressTest {
    final ContainerPositions positions = ContainerPositions.inMemory();
    final AtomicInteger wakes = new AtomicInteger();
    final StreamProgress progress = new StreamProgress("k", positions, null, wakes::incrementAndGet);

    @Test
    void positionMovesOnlyOverTheSettledPrefixInReadOrder() {
        LineAck a = progress.register(100, 1);
        LineAck b = progress.register(200, 2);
        LineAck c = progress.register(200, 3);

        c.settle(PushOutcome.SENT);
        assertThat(positions.load("k")).isNull();
        a.settle(PushOutcome.DROPPED);
        assertThat(positions.load("k")).isEqualTo(new ContainerLogPosition(100, new long[] {1}));
        b.settle(PushOutcome.REJECTED);
        assertThat(positions.load("k")).isEqualTo(new ContainerLogPosition(200, new long[] {2, 3}));
        assertThat(progress.inFlight()).isZero();
    }

    @Test
    void aSecondSettleOfOneTokenIsIgnored() {
        LineAck a = progress.register(100, 1);
        progress.register(100, 2);

        a.settle(PushOutcome.SENT);
        a.settle(PushOutcome.FAILED);

        assertThat(progress.failed()).isFalse();
        assertThat(positions.load("k")).isEqualTo(new ContainerLogPosition(100, new long[] {1}));
    }

    @Test
    void failedLineStopsThePositionAndRewindReadsAgainFromIt() {
        LineAck a = progress.register(100, 1);
        LineAck b = progress.register(200, 2);
        LineAck c = progress.register(300, 3);
        a.settle(PushOutcome.SENT);
        b.settle(PushOutcome.FAILED);
        c.settle(PushOutcome.SENT);

        assertThat(progress.failed()).isTrue();
        assertThat(wakes).hasValue(1);
        assertThat(positions.load("k")).isEqualTo(new ContainerLogPosition(100, new long[] {1}));

        ReplayFilter filter = progress.rewind();
        assertThat(progress.failed()).isFalse();
        assertThat(filter.sinceNanos()).isEqualTo(100);
        assertThat(filter.skip(100, 1)).isTrue(); // settled: not again
        assertThat(filter.skip(200, 2)).isFalse(); // failed: read again
        assertThat(progress.sentPosition()).isEqualTo(new ContainerLogPosition(100, new long[] {1}));

        // acks of the abandoned generation no longer move anything
        b.settle(PushOutcome.SENT);
        assertThat(positions.load("k")).isEqualTo(new ContainerLogPosition(100, new long[] {1}));
    }

    @Test
    void resumeFilterSkipsWhatWasHandedOnEvenBeforeItIsAcknowledged() {
        progress.register(100, 1);
        progress.register(200, 2);

        ReplayFilter filter = progress.resumeFilter();

        assertThat(filter.skip(100, 1)).isTrue();
        assertThat(filter.skip(200, 2)).isTrue();
        assertThat(filter.skip(200, 9)).isFalse();
        assertThat(filter.skip(300, 3)).isFalse();
    }

    @Test
    void replayFilterCountsIdenticalLinesAtOneInstantSeparately() {
        ReplayFilter filter = new ReplayFilter(200, new long[] {7});

        assertThat(filter.skip(150, 5)).isTrue();
        assertThat(filter.skip(200, 7)).isTrue();
        assertThat(filter.skip(200, 7)).isFalse(); // the second identical line was never sent
        assertThat(filter.skip(300, 1)).isFalse();
        assertThat(filter.skip(100, 1)).isFalse(); // once past the position, everything passes
    }

    @Test
    void savedPositionIsTheStartingPoint() {
        ContainerLogPosition saved = new ContainerLogPosition(500, new long[] {4});
        StreamProgress p = new StreamProgress("k", positions, saved, () -> {});

        assertThat(p.ackedPosition()).isEqualTo(saved);
        assertThat(p.resumeFilter().skip(500, 4)).isTrue();
    }
}
