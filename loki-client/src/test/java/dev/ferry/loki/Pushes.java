package dev.ferry.loki;

import java.util.ArrayList;
import java.util.List;

/** Entries as a source would push them, in order: replayed into a client, or gathered into one batch. */
final class Pushes {
    record Push(Labels labels, LogEntry entry, Object token) {}

    private final List<Push> pushes = new ArrayList<>();

    Pushes add(Labels labels, LogEntry entry, Object token) {
        pushes.add(new Push(labels, entry, token));
        return this;
    }

    List<Push> list() {
        return pushes;
    }

    int size() {
        return pushes.size();
    }

    /** All of them in one batch, as the client would group them. */
    Batch batch() {
        Batch b = new Batch("", 0);
        for (Push p : pushes) {
            b.add(p.labels(), p.entry(), p.token());
        }
        return b;
    }
}
