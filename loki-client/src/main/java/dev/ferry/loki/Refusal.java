package dev.ferry.loki;

import java.util.function.IntPredicate;

/**
 * One refusal named in Loki's 400 answer: the stream, why, and which of its entries. Loki names
 * the stream and enough of an entry (its second, its length, its metadata size) to find it again.
 */
record Refusal(StreamEntries stream, RejectReason reason, Which which, int count, IntPredicate matches) {
    /** How the refused entries are found among the stream's entries. */
    enum Which {
        /** Every entry: the stream itself was refused (its labels). */
        WHOLE_STREAM,
        /** The first {@code count} entries not yet counted whose index in the stream {@code matches} accepts. */
        MATCHING,
        /** The {@code count} oldest entries not yet counted (Loki refused more than it listed, all behind the rest). */
        OLDEST
    }

    Refusal {
        if (count < 1) {
            throw new IllegalArgumentException("a refusal counts at least one entry, got " + count);
        }
        if ((which == Which.MATCHING) != (matches != null)) {
            throw new IllegalArgumentException("a predicate is given exactly for MATCHING refusals");
        }
    }

    static Refusal wholeStream(StreamEntries stream, RejectReason reason) {
        return new Refusal(stream, reason, Which.WHOLE_STREAM, 1, null);
    }

    static Refusal matching(StreamEntries stream, RejectReason reason, int count, IntPredicate matches) {
        return new Refusal(stream, reason, Which.MATCHING, count, matches);
    }

    static Refusal oldest(StreamEntries stream, RejectReason reason, int count) {
        return new Refusal(stream, reason, Which.OLDEST, count, null);
    }
}
