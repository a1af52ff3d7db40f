package dev.ferry.agent.run;

import dev.ferry.agent.kubernetes.LineAck;
import dev.ferry.agent.positions.AckToken;
import dev.ferry.loki.AckListener;
import dev.ferry.loki.PushOutcome;
import dev.ferry.pipeline.JoinedToken;

/**
 * The one acknowledgement listener of the agent: splits joined (multiline) tokens into their
 * lines' tokens, settles each with its source, which moves that source's position, and then says
 * a position may have moved, so it is saved soon rather than at the next sync period.
 */
final class SourceAcks implements AckListener {
    private final Runnable positionsMoved;

    private SourceAcks(Runnable positionsMoved) {
        this.positionsMoved = positionsMoved;
    }

    /** The listener; {@code positionsMoved} runs after every settled token, on the acknowledging thread, and must be quick. */
    static AckListener settling(Runnable positionsMoved) {
        return JoinedToken.settling(new SourceAcks(positionsMoved));
    }

    @Override
    public void acknowledged(Object token, PushOutcome outcome) {
        if (token instanceof LineAck line) {
            line.settle(outcome);
        } else if (token instanceof AckToken) {
            AckToken.LISTENER.acknowledged(token, outcome);
        } else {
            return;
        }
        positionsMoved.run();
    }
}
