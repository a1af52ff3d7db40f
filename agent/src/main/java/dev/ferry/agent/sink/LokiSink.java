package dev.ferry.agent.sink;

import dev.ferry.loki.Labels;
import dev.ferry.loki.LogEntry;
import dev.ferry.loki.LokiClient;
import java.time.Duration;

/** One Loki endpoint as a sink. */
public final class LokiSink implements EntrySink {
    private final LokiClient client;
    private final Duration closeTimeout;

    public LokiSink(LokiClient client, Duration closeTimeout) {
        this.client = client;
        this.closeTimeout = closeTimeout;
    }

    public LokiClient client() {
        return client;
    }

    @Override
    public void push(String tenant, Labels labels, LogEntry entry, Object token) throws InterruptedException {
        client.push(tenant, labels, entry, token);
    }

    @Override
    public boolean offer(String tenant, Labels labels, LogEntry entry, Object token) {
        return client.offer(tenant, labels, entry, token);
    }

    @Override
    public String name() {
        return client.config().name();
    }

    @Override
    public void stopWaiting() {
        client.stopWaiting();
    }

    @Override
    public boolean hasRoom() {
        return client.hasRoom();
    }

    @Override
    public void close() {
        client.close(closeTimeout);
    }
}
