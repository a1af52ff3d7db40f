package dev.ferry.agent.kubernetes;

import dev.ferry.loki.PushOutcome;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A container stream's two positions: how far lines were handed to the sink ("sent") and how far
 * every line is settled ("acked", the one that is saved). Acks may arrive out of order; the saved
 * position only moves over the settled prefix, in read order. A failed line (the client gave up)
 * stops the position there and asks the follower to read again from it.
 */
final class StreamProgress {
    /** Hashes kept per timestamp; beyond this, lines sharing one instant may be sent twice (never lost). */
    static final int MAX_HASHES = 64;

    private final String key;
    private final ContainerPositions positions;
    private final Runnable wakeFollower;
    private final ArrayDeque<LineAck> inFlight = new ArrayDeque<>();
    private final Mark acked;
    private final Mark sent;
    private int generation;
    private boolean failed;

    StreamProgress(String key, ContainerPositions positions, ContainerLogPosition saved, Runnable wakeFollower) {
        this.key = key;
        this.positions = positions;
        this.wakeFollower = wakeFollower;
        this.acked = new Mark(saved);
        this.sent = new Mark(saved);
    }

    /** Called by the reader before it hands the line on, so an ack that comes at once finds it. */
    synchronized LineAck register(long epochNanos, long hash) {
        LineAck ack = new LineAck(this, generation, epochNanos, hash);
        inFlight.addLast(ack);
        sent.advance(epochNanos, hash);
        return ack;
    }

    void settle(LineAck ack, PushOutcome outcome) {
        boolean wake = false;
        synchronized (this) {
            if (ack.generation != generation || ack.outcome != null || outcome == null) {
                return;
            }
            ack.outcome = outcome;
            if (!outcome.settled()) {
                wake = !failed;
                failed = true;
            }
            boolean moved = false;
            LineAck head;
            while ((head = inFlight.peekFirst()) != null && head.outcome != null && head.outcome.settled()) {
                inFlight.pollFirst();
                moved |= acked.advance(head.epochNanos, head.hash);
            }
            if (moved) {
                // under the lock, so saves from different threads cannot land out of order
                positions.save(key, acked.snapshot());
            }
        }
        if (wake) {
            wakeFollower.run();
        }
    }

    /** True after a line failed: the reader must stop and {@link #rewind()}. */
    synchronized boolean failed() {
        return failed;
    }

    /** Forgets everything in flight and returns the filter for reading again from the acked position. */
    synchronized ReplayFilter rewind() {
        generation++;
        inFlight.clear();
        failed = false;
        sent.copyFrom(acked);
        return ReplayFilter.from(acked.snapshot());
    }

    /** The filter for a stream resumed in this process: skip what was already handed on. */
    synchronized ReplayFilter resumeFilter() {
        return ReplayFilter.from(sent.snapshot());
    }

    synchronized ContainerLogPosition ackedPosition() {
        return acked.snapshot();
    }

    synchronized ContainerLogPosition sentPosition() {
        return sent.snapshot();
    }

    synchronized int inFlight() {
        return inFlight.size();
    }

    /** A position being built: a timestamp and the hashes of the lines seen at exactly that timestamp. */
    private static final class Mark {
        private long epochNanos = Long.MIN_VALUE;
        private long[] hashes = new long[4];
        private int count;

        Mark(ContainerLogPosition p) {
            if (p != null) {
                epochNanos = p.epochNanos();
                long[] h = p.lineHashes();
                hashes = Arrays.copyOf(h, Math.max(4, h.length));
                count = Math.min(h.length, MAX_HASHES);
            }
        }

        boolean advance(long ts, long hash) {
            if (ts == KubeletTimestamp.INVALID || ts < epochNanos) {
                return false; // a clock that stepped back: the position stays at the later time
            }
            if (ts > epochNanos) {
                epochNanos = ts;
                count = 0;
            }
            if (count < MAX_HASHES) {
                if (count == hashes.length) {
                    hashes = Arrays.copyOf(hashes, Math.min(MAX_HASHES, count * 2));
                }
                hashes[count++] = hash;
            }
            return true;
        }

        void copyFrom(Mark other) {
            epochNanos = other.epochNanos;
            hashes = other.hashes.clone();
            count = other.count;
        }

        ContainerLogPosition snapshot() {
            return epochNanos == Long.MIN_VALUE
                    ? null
                    : new ContainerLogPosition(epochNanos, Arrays.copyOf(hashes, count));
        }
    }
}
