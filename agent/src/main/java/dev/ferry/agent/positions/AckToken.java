package dev.ferry.agent.positions;

import dev.ferry.loki.AckListener;
import dev.ferry.loki.PushOutcome;

/**
 * The token a source hands downstream with one entry; settling it tells the entry's {@link
 * OffsetTracker}. One small object per entry, nothing else is allocated for acknowledgements.
 */
public final class AckToken {
    /**
     * Routes acknowledgements of {@code AckToken}s to their trackers and ignores other tokens, so the
     * wiring can give every client one listener for all sources that use trackers.
     */
    public static final AckListener LISTENER = (token, outcome) -> {
        if (token instanceof AckToken t) {
            t.settle(outcome);
        }
    };

    final OffsetTracker tracker;
    final long sequence;

    AckToken(OffsetTracker tracker, long sequence) {
        this.tracker = tracker;
        this.sequence = sequence;
    }

    /** Settles the entry: called once, from any thread. */
    public void settle(PushOutcome outcome) {
        tracker.settle(sequence, outcome);
    }

    @Override
    public String toString() {
        return "AckToken[" + sequence + "]";
    }
}
