package dev.ferry.agent.positions;

import dev.ferry.loki.PushOutcome;

/**
 * Where one target may resume: entries are registered in read order with the position just after
 * them, acknowledgements arrive in any order, and the committed position is the end of the longest
 * run of settled entries from the start. Positions are two longs, so the same tracker serves files
 * (byte offset, unused) and API streams (timestamp, line hash).
 *
 * <p>A {@link PushOutcome#FAILED} entry is never passed: the committed position stops before it, and
 * once every entry before it is settled {@link #rewindPosition()} reports where the source must read
 * again. The source then starts a fresh tracker at that position and re-reads; acknowledgements that
 * still arrive for this tracker's entries change nothing it reports after that.
 *
 * <p>Entries live in a ring of primitive longs that grows by doubling, so registering and settling
 * cost O(1) amortized and nothing is boxed. Registration (reader thread) and acknowledgement (the
 * client's sender thread) synchronize on the tracker; both are short.
 */
public final class OffsetTracker {
    private static final byte PENDING = 0;
    private static final byte SETTLED = 1;
    private static final byte FAILED = 2;
    private static final int INITIAL_CAPACITY = 64;

    private long[] ends;
    private long[] auxes;
    private byte[] states;
    private int mask;
    /** Sequence number of the oldest entry not yet passed by the committed position. */
    private long head;
    /** Sequence number the next registered entry gets. */
    private long tail;

    private long committed;
    private long committedAux;
    private boolean failedAtHead;

    /** A tracker whose committed position starts at {@code position}/{@code aux} (0/0 for a new file). */
    public OffsetTracker(long position, long aux) {
        this.committed = position;
        this.committedAux = aux;
        this.ends = new long[INITIAL_CAPACITY];
        this.auxes = new long[INITIAL_CAPACITY];
        this.states = new byte[INITIAL_CAPACITY];
        this.mask = INITIAL_CAPACITY - 1;
    }

    /**
     * Registers the next entry, read up to {@code end}/{@code aux}, and returns the token to hand to
     * the sink with it. The sink must settle the token exactly once.
     */
    public synchronized AckToken register(long end, long aux) {
        long seq = append(end, aux, PENDING);
        return new AckToken(this, seq);
    }

    /**
     * Moves past bytes that produce no entry (a dropped line, skipped padding): the position may pass
     * {@code end} as soon as every entry before it is settled.
     */
    public synchronized void skip(long end, long aux) {
        if (head == tail) {
            committed = end;
            committedAux = aux;
        } else {
            append(end, aux, SETTLED);
        }
    }

    /**
     * Takes back the entry registered last, whose token the sink refused (never handed on). Only valid
     * straight after {@link #register} returned that token.
     */
    public synchronized void cancelLast(AckToken token) {
        if (token.tracker != this || token.sequence != tail - 1 || tail == head) {
            throw new IllegalStateException("only the entry registered last can be cancelled");
        }
        tail--;
    }

    /** Settles entry {@code sequence}; a second acknowledgement of the same entry is ignored. */
    synchronized void settle(long sequence, PushOutcome outcome) {
        if (sequence < head || sequence >= tail) {
            return; // already passed, or cancelled: nothing to do
        }
        int i = (int) sequence & mask;
        if (states[i] != PENDING) {
            return;
        }
        states[i] = outcome.settled() ? SETTLED : FAILED;
        if (sequence == head) {
            advance();
        }
    }

    private void advance() {
        while (head < tail) {
            int i = (int) head & mask;
            byte state = states[i];
            if (state == SETTLED) {
                committed = ends[i];
                committedAux = auxes[i];
                head++;
            } else {
                failedAtHead = state == FAILED;
                return;
            }
        }
    }

    private long append(long end, long aux, byte state) {
        if (tail - head == states.length) {
            grow();
        }
        int i = (int) tail & mask;
        ends[i] = end;
        auxes[i] = aux;
        states[i] = state;
        return tail++;
    }

    private void grow() {
        int size = states.length;
        long[] newEnds = new long[size * 2];
        long[] newAuxes = new long[size * 2];
        byte[] newStates = new byte[size * 2];
        int newMask = size * 2 - 1;
        for (long s = head; s < tail; s++) {
            int from = (int) s & mask;
            int to = (int) s & newMask;
            newEnds[to] = ends[from];
            newAuxes[to] = auxes[from];
            newStates[to] = states[from];
        }
        ends = newEnds;
        auxes = newAuxes;
        states = newStates;
        mask = newMask;
    }

    /** The position below which every entry is settled. */
    public synchronized long committed() {
        return committed;
    }

    /** The second half of {@link #committed()} (timestamp hash for API streams; 0 for files). */
    public synchronized long committedAux() {
        return committedAux;
    }

    /**
     * The position to read again from when the oldest unsettled entry failed, else -1. The caller
     * replaces this tracker with a new one starting there.
     */
    public synchronized long rewindPosition() {
        return failedAtHead ? committed : -1;
    }

    /** Entries registered and not yet passed by the committed position. */
    public synchronized int inFlight() {
        return (int) (tail - head);
    }
}
