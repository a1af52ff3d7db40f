package dev.ferry.agent.sink;

import dev.ferry.loki.AckListener;
import dev.ferry.loki.Labels;
import dev.ferry.loki.LogEntry;
import dev.ferry.loki.PushOutcome;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One entry on its way to several endpoints, and the token each of them acknowledges. It keeps
 * the entry so an endpoint that gave up on it can send it again, and settles the source's token
 * once, when the last endpoint releases it.
 *
 * <p>One {@code long} holds the state, changed by compare-and-set from any thread: bit {@code i}
 * is set while endpoint {@code i} still holds the source's position back, and the top two bits
 * keep the least settled outcome so far (SENT, REJECTED, FAILED), which is what the source is told.
 */
final class FanoutEntry {
    /** Endpoints one entry can go to: the bits below the two outcome bits. */
    static final int MAX_ENDPOINTS = 62;

    private static final int RANK_SHIFT = 62;
    private static final long ENDPOINT_BITS = (1L << RANK_SHIFT) - 1;

    final String tenant;
    final Labels labels;
    final LogEntry entry;
    final FanoutSink fanout;
    private final Object token;
    private final AtomicLong state;

    FanoutEntry(FanoutSink fanout, String tenant, Labels labels, LogEntry entry, Object token, int endpoints) {
        this.fanout = fanout;
        this.tenant = tenant;
        this.labels = labels;
        this.entry = entry;
        this.token = token;
        this.state = new AtomicLong((1L << endpoints) - 1);
    }

    /** True while endpoint {@code endpoint} still holds the position back. */
    boolean heldBy(int endpoint) {
        return (state.get() & (1L << endpoint)) != 0;
    }

    /**
     * Endpoint {@code endpoint} no longer holds the position back, with {@code outcome} (FAILED: the
     * source must read the entry again). The last release acknowledges the source's token. Returns
     * false when that endpoint had released it already (nothing changes).
     */
    boolean release(int endpoint, PushOutcome outcome, AckListener acks) {
        long bit = 1L << endpoint;
        while (true) {
            long before = state.get();
            if ((before & bit) == 0) {
                return false;
            }
            long rank = Math.max(before >>> RANK_SHIFT, rank(outcome));
            long after = (before & ENDPOINT_BITS & ~bit) | (rank << RANK_SHIFT);
            if (state.compareAndSet(before, after)) {
                if ((after & ENDPOINT_BITS) == 0) {
                    acks.acknowledged(token, outcomeOf(rank));
                }
                return true;
            }
        }
    }

    private static long rank(PushOutcome outcome) {
        return switch (outcome) {
            case SENT, DROPPED -> 0;
            case REJECTED -> 1;
            case FAILED -> 2;
        };
    }

    private static PushOutcome outcomeOf(long rank) {
        return rank == 0 ? PushOutcome.SENT : rank == 1 ? PushOutcome.REJECTED : PushOutcome.FAILED;
    }
}
