package dev.ferry.agent.run;

import dev.ferry.loki.AckListener;
import dev.ferry.loki.PushOutcome;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the entries settled as failed (not delivered: in a Loki client's buffer, in flight or still in a pipeline
 * when the agent stopped waiting) on their way to the source's acknowledgement, so shutdown can say how many there
 * were. Sits outside the fan-out and the multiline split, so each entry counts once, whatever it is made of.
 */
final class UndeliveredCount implements AckListener {
    private final AckListener next;
    private final LongAdder failed = new LongAdder();

    UndeliveredCount(AckListener next) {
        this.next = next;
    }

    @Override
    public void acknowledged(Object token, PushOutcome outcome) {
        if (outcome == PushOutcome.FAILED) {
            failed.increment();
        }
        next.acknowledged(token, outcome);
    }

    /** Entries settled as failed so far. */
    long failed() {
        return failed.sum();
    }
}
