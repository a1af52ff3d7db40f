package dev.ferry.loki;

/**
 * Told once per token handed to the client, when the client has finished with its entry. Called
 * from the client's sender thread (or, for an entry refused at once, the thread that pushed it):
 * implementations must be quick and must not block.
 */
@FunctionalInterface
public interface AckListener {
    void acknowledged(Object token, PushOutcome outcome);

    /** A listener for callers that pass no tokens. */
    AckListener IGNORE = (token, outcome) -> {};
}
