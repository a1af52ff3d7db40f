package dev.ferry.pipeline;

import dev.ferry.loki.AckListener;
import dev.ferry.loki.PushOutcome;
import io.micrometer.core.instrument.Counter;

/**
 * Drops entries on purpose for one stage and one reason: counts them and acknowledges their tokens
 * as {@link PushOutcome#DROPPED}. Made once per stage instance by {@link StageContext#dropper}.
 */
public final class Dropper {
    private final Counter counter;
    private final AckListener acks;
    private final PipelineObserver observer;
    private final String path;
    private final String stageName;
    private final String reason;

    Dropper(
            Counter counter,
            AckListener acks,
            PipelineObserver observer,
            String path,
            String stageName,
            String reason) {
        this.counter = counter;
        this.acks = acks;
        this.observer = observer;
        this.path = path;
        this.stageName = stageName;
        this.reason = reason;
    }

    /** Drops {@code entry}; the caller must not emit it afterwards. */
    public void drop(Entry entry) {
        counter.increment();
        if (observer != null) {
            observer.dropped(path, stageName, entry, reason);
        }
        Object token = entry.ackToken();
        entry.setAckToken(null);
        JoinedToken.settle(token, PushOutcome.DROPPED, acks);
    }

    public String reason() {
        return reason;
    }
}
