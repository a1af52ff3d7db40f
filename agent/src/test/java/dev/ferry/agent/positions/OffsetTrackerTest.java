package dev.ferry.agent.positions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.loki.PushOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    /** What the test does next: register an entry, skip bytes, or settle the i-th pending entry. */
    sealed interface Op {}

    record Register(int length) implements Op {}

    record Skip(int length) implements Op {}

    record Settle(int pick, PushOutcome outcome) implements Op {}

    /** The model: every entry ever registered, in order, with its end and state. */
    static final class Model {
        final List<long[]> entries = new ArrayList<>(); // {end, state: 0 pending, 1 settled, 2 failed}
        final long start;
        long end;

        Model(long start) {
            this.start = start;
            this.end = start;
        }

        long committed() {
            long c = start;
            for (long[] e : entries) {
                if (e[1] != 1) {
                    break;
                }
                c = e[0];
            }
            return c;
        }

        long committedAux() {
            long c = 7;
            for (long[] e : entries) {
                if (e[1] != 1) {
                    break;
                }
                c = e[0] * 31;
            }
            return c;
        }

        long rewind() {
            for (long[] e : entries) {
                if (e[1] == 0) {
                    return -1;
                }
                if (e[1] == 2) {
                    return committed();
                }
            }
            return -1;
        }

        int inFlight() {
            int settledPrefix = 0;
            for (long[] e : entries) {
                if (e[1] != 1) {
                    break;
                }
                settledPrefix++;
            }
            return entries.size() - settledPrefix;
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> register = Arbitraries.integers().between(0, 200).map(Register::new);
        Arbitrary<Op> skip = Arbitraries.integers().between(1, 50).map(Skip::new);
        Arbitrary<Op> settle = Combinators.combine(
                        Arbitraries.integers().between(0, 1000),
                        Arbitraries.frequency(
                                Tuple.of(8, PushOutcome.SENT),
                                Tuple.of(1, PushOutcome.REJECTED),
                                Tuple.of(2, PushOutcome.DROPPED),
                                Tuple.of(1, PushOutcome.FAILED)))
                .as(Settle::new);
        return Arbitraries.frequencyOf(Tuple.of(5, register), Tuple.of(1, skip), Tuple.of(5, settle))
                .list()
                .ofMaxSize(400);
    }

    @Property(tries = 300)
    void committedIsTheEndOfTheLongestSettledPrefix(@ForAll("ops") List<Op> ops, @ForAll long startSeed) {
        long start = Math.floorMod(startSeed, 1_000_000L);
        OffsetTracker tracker = new OffsetTracker(start, 7);
        Model model = new Model(start);
        List<AckToken> tokens = new ArrayList<>();
        List<Integer> pending = new ArrayList<>(); // indexes into model.entries / tokens, pending only
        for (Op op : ops) {
            switch (op) {
                case Register r -> {
                    model.end += r.length();
                    tokens.add(tracker.register(model.end, model.end * 31));
                    model.entries.add(new long[] {model.end, 0});
                    pending.add(model.entries.size() - 1);
                }
                case Skip s -> {
                    model.end += s.length();
                    tracker.skip(model.end, model.end * 31);
                    model.entries.add(new long[] {model.end, 1});
                    tokens.add(null);
                }
                case Settle s -> {
                    if (pending.isEmpty()) {
                        continue;
                    }
                    int index = pending.remove(s.pick() % pending.size());
                    tokens.get(index).settle(s.outcome());
                    model.entries.get(index)[1] = s.outcome().settled() ? 1 : 2;
                }
            }
            assertThat(tracker.committed()).isEqualTo(model.committed());
            assertThat(tracker.committedAux()).isEqualTo(model.committedAux());
            assertThat(tracker.rewindPosition()).isEqualTo(model.rewind());
            assertThat(tracker.inFlight()).isEqualTo(model.inFlight());
        }
    }

    @Test
    void aSecondAcknowledgementChangesNothing() {
        OffsetTracker tracker = new OffsetTracker(0, 0);
        AckToken a = tracker.register(10, 0);
        AckToken b = tracker.register(20, 0);
        b.settle(PushOutcome.FAILED);
        b.settle(PushOutcome.SENT);
        a.settle(PushOutcome.SENT);
        a.settle(PushOutcome.FAILED);
        assertThat(tracker.committed()).isEqualTo(10);
        assertThat(tracker.rewindPosition()).isEqualTo(10);
    }

    @Test
    void aFailedEntryStopsThePositionUntilEverythingBeforeItIsSettled() {
        OffsetTracker tracker = new OffsetTracker(100, 0);
        AckToken a = tracker.register(110, 0);
        AckToken b = tracker.register(120, 0);
        AckToken c = tracker.register(130, 0);
        b.settle(PushOutcome.FAILED);
        c.settle(PushOutcome.SENT);
        assertThat(tracker.rewindPosition()).as("a is still in flight").isEqualTo(-1);
        a.settle(PushOutcome.DROPPED);
        assertThat(tracker.committed()).isEqualTo(110);
        assertThat(tracker.rewindPosition()).as("read again from b").isEqualTo(110);
    }

    @Test
    void onlyTheLastEntryCanBeCancelled() {
        OffsetTracker tracker = new OffsetTracker(0, 0);
        AckToken a = tracker.register(10, 0);
        AckToken b = tracker.register(20, 0);
        assertThatThrownBy(() -> tracker.cancelLast(a)).isInstanceOf(IllegalStateException.class);
        tracker.cancelLast(b);
        a.settle(PushOutcome.SENT);
        assertThat(tracker.committed()).isEqualTo(10);
        assertThat(tracker.inFlight()).isZero();
        AckToken again = tracker.register(20, 0);
        again.settle(PushOutcome.SENT);
        assertThat(tracker.committed()).isEqualTo(20);
    }

    @Test
    void acknowledgementsFromAnotherThreadWhileRegistering() throws Exception {
        OffsetTracker tracker = new OffsetTracker(0, 0);
        BlockingQueue<AckToken> handedOver = new ArrayBlockingQueue<>(1000);
        int lines = 200_000;
        Thread sender = new Thread(() -> {
            List<AckToken> batch = new ArrayList<>();
            int settled = 0;
            while (settled < lines) {
                try {
                    batch.add(handedOver.take());
                } catch (InterruptedException e) {
                    return;
                }
                handedOver.drainTo(batch);
                // settle each batch backwards: out of order within the batch
                for (int i = batch.size() - 1; i >= 0; i--) {
                    batch.get(i).settle(PushOutcome.SENT);
                }
                settled += batch.size();
                batch.clear();
            }
        });
        sender.start();
        for (int i = 1; i <= lines; i++) {
            handedOver.put(tracker.register(i * 10L, 0));
        }
        sender.join();
        assertThat(tracker.committed()).isEqualTo(lines * 10L);
        assertThat(tracker.inFlight()).isZero();
    }
}
