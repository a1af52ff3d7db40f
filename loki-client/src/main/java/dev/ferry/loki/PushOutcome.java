package dev.ferry.loki;

/** How the client finished with an entry; every entry handed to it ends in exactly one of these. */
public enum PushOutcome {
    /** Loki accepted the entry (2xx). */
    SENT,
    /**
     * The entry can never be accepted: Loki answered 4xx for its batch, or the client refused it
     * (no labels, line too long and dropped). A source may move its position past it.
     */
    REJECTED,
    /**
     * The client gave up for a reason that may pass (retries used up, shut down before it was sent).
     * Loki does not have the entry; a source should read it again.
     */
    FAILED,
    /** A pipeline stage dropped the entry on purpose (never reaches the client; used by sources' accounting). */
    DROPPED;

    /** True when the source may forget the entry: Loki has it, or never will. */
    public boolean settled() {
        return this != FAILED;
    }
}
