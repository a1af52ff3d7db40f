package dev.ferry.agent.sink;

import dev.ferry.loki.AckListener;
import dev.ferry.loki.Labels;
import dev.ferry.loki.LogEntry;
import dev.ferry.loki.PushOutcome;
import java.io.PrintStream;

/** Prints every entry to standard output as a JSON line (Alloy's loki.echo), then acknowledges it as sent. */
public final class EchoSink implements EntrySink {
    private final PrintStream out;
    private final AckListener acks;

    public EchoSink(PrintStream out, AckListener acks) {
        this.out = out;
        this.acks = acks;
    }

    @Override
    public void push(String tenant, Labels labels, LogEntry entry, Object token) {
        String json = EntryJson.format(labels, entry);
        synchronized (out) {
            out.println(json);
        }
        acks.acknowledged(token, PushOutcome.SENT);
    }

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public void close() {
        out.flush();
    }
}
