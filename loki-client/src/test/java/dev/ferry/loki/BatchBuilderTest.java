package dev.ferry.loki;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class BatchBuilderTest {
    private static final long WAIT = 1_000;
    private static final Labels A = Labels.of("app", "a");

    private static LogEntry line(int bytes) {
        return new LogEntry(1, "x".repeat(bytes));
    }

    @Test
    void aBatchIsReadyWhenTheNextEntryWouldNotFit() {
        BatchBuilder b = new BatchBuilder(100, WAIT);
        b.add("", A, line(60), 1, 0);
        assertThat(b.poll(0)).isNull();
        b.add("", A, line(60), 2, 0);
        Batch first = b.poll(0);
        assertThat(first.entryCount()).isEqualTo(1);
        assertThat(b.poll(0)).isNull();
        assertThat(b.poll(WAIT).entryCount()).isEqualTo(1);
    }

    @Test
    void aBatchThatReachesItsSizeExactlyIsReadyAtOnce() {
        BatchBuilder b = new BatchBuilder(100, WAIT);
        b.add("", A, line(100), 1, 0);
        assertThat(b.poll(0).sizeBytes()).isEqualTo(100);
    }

    @Test
    void aBatchIsReadyAfterBatchWaitFromItsFirstEntry() {
        BatchBuilder b = new BatchBuilder(1_000_000, WAIT);
        b.add("", A, line(1), 1, 10);
        b.add("", A, line(1), 2, 500);
        assertThat(b.nextDeadline()).isEqualTo(10 + WAIT);
        assertThat(b.poll(10 + WAIT - 1)).isNull();
        assertThat(b.poll(10 + WAIT).entryCount()).isEqualTo(2);
        assertThat(b.isEmpty()).isTrue();
        assertThat(b.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void tenantsAreBatchedApart() {
        BatchBuilder b = new BatchBuilder(1_000_000, WAIT);
        b.add("t1", A, line(1), 1, 0);
        b.add("t2", A, line(1), 2, 5);
        Batch first = b.poll(WAIT + 10);
        Batch second = b.poll(WAIT + 10);
        assertThat(List.of(first.tenant, second.tenant)).containsExactly("t1", "t2");
    }

    @Test
    void aSingleEntryLargerThanTheBatchSizeStillLeaves() {
        BatchBuilder b = new BatchBuilder(10, WAIT);
        b.add("", A, line(50), 1, 0);
        assertThat(b.poll(0).entryCount()).isEqualTo(1);
    }

    record Op(int tenant, int stream, int bytes, long advance) {}

    /** Model: every entry leaves exactly once, each stream in push order, no batch over size unless alone. */
    @Property(tries = 300)
    void everyEntryLeavesOnceAndEachStreamInOrder(@ForAll("ops") List<Op> ops) {
        int batchSize = 300;
        BatchBuilder b = new BatchBuilder(batchSize, WAIT);
        Labels[] streams = {Labels.of("s", "0"), Labels.of("s", "1"), Labels.of("s", "2")};
        long now = 0;
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            now += op.advance();
            b.add("t" + op.tenant(), streams[op.stream()], line(op.bytes()), i, now);
            for (Batch x; (x = b.poll(now)) != null; ) {
                out.add(x);
            }
        }
        for (Batch x; (x = b.pollAny()) != null; ) {
            out.add(x);
        }
        Map<String, List<Integer>> seen = new HashMap<>();
        int total = 0;
        for (Batch batch : out) {
            assertThat(batch.sizeBytes() <= batchSize || batch.entryCount() == 1)
                    .isTrue();
            for (StreamEntries s : batch.streams()) {
                for (int i = 0; i < s.count; i++) {
                    seen.computeIfAbsent(batch.tenant + s.labels, k -> new ArrayList<>())
                            .add((Integer) s.tokens[i]);
                    total++;
                }
            }
        }
        assertThat(total).isEqualTo(ops.size());
        seen.values().forEach(tokens -> assertThat(tokens).isSorted());
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 1),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 400),
                        Arbitraries.longs().between(0, 600))
                .as(Op::new)
                .list()
                .ofMaxSize(200);
    }
}
