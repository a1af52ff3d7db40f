package dev.ferry.loki;

/** The entries of one stream inside a batch, in the order they were pushed, with their ack tokens. */
final class StreamEntries {
    final Labels labels;
    LogEntry[] entries;
    Object[] tokens;
    int count;

    StreamEntries(Labels labels) {
        this.labels = labels;
        this.entries = new LogEntry[16];
        this.tokens = new Object[16];
    }

    void add(LogEntry entry, Object token) {
        if (count == entries.length) {
            int n = count * 2;
            entries = java.util.Arrays.copyOf(entries, n);
            tokens = java.util.Arrays.copyOf(tokens, n);
        }
        entries[count] = entry;
        tokens[count] = token;
        count++;
    }
}
