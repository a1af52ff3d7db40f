package dev.ferry.agent.kubernetes;

import dev.ferry.loki.PushOutcome;

/**
 * The acknowledgement token of one line read from a container's log. The sink hands it to the
 * pipeline and the Loki client as the entry's token; whoever finishes with the entry calls
 * {@link #settle} exactly once (the agent's {@code AckListener} does
 * {@code ((LineAck) token).settle(outcome)}). Settling moves the container's position; a
 * {@link PushOutcome#FAILED} outcome makes the follower read again from the last settled line.
 */
public final class LineAck {
    final StreamProgress progress;
    final int generation;
    final long epochNanos;
    final long hash;
    PushOutcome outcome; // guarded by progress

    LineAck(StreamProgress progress, int generation, long epochNanos, long hash) {
        this.progress = progress;
        this.generation = generation;
        this.epochNanos = epochNanos;
        this.hash = hash;
    }

    /** Safe from any thread; quick; a second call for the same token is ignored. */
    public void settle(PushOutcome outcome) {
        progress.settle(this, outcome);
    }
}
