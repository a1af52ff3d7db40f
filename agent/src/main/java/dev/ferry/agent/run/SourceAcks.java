package dev.ferry.agent.run;

import dev.ferry.agent.kubernetes.LineAck;
import dev.ferry.agent.positions.AckToken;
import dev.ferry.loki.AckListener;
import dev.ferry.loki.PushOutcome;
import dev.ferry.pipeline.JoinedToken;

/**
 * The one acknowledgement listener of the agent: splits joined (multiline) tokens into their
 * lines' tokens and settles each with its source, which moves that source's position.
 */
final class SourceAcks implements AckListener {
    static final AckListener INSTANCE = JoinedToken.settling(new SourceAcks());

    private SourceAcks() {}

    @Override
    public void acknowledged(Object token, PushOutcome outcome) {
        if (token instanceof LineAck line) {
            line.settle(outcome);
        } else if (token instanceof AckToken) {
            AckToken.LISTENER.acknowledged(token, outcome);
        }
    }
}
