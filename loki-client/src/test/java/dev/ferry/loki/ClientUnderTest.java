package dev.ferry.loki;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.loki.testing.FakeLoki;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/** A client pushing to a {@link FakeLoki}, with its acknowledgements and meters, for one test. */
final class ClientUnderTest implements AutoCloseable {
    final FakeLoki loki = FakeLoki.start();
    final RecordingAcks acks = new RecordingAcks();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LokiClient client;

    /** A config for the fake receiver: short batch wait and backoff, so tests run quickly. */
    LokiClientConfig.Builder config() {
        return LokiClientConfig.builder(loki.pushUrl())
                .batchWait(Duration.ofMillis(50))
                .backoff(Duration.ofMillis(20), Duration.ofMillis(200), 3);
    }

    LokiClient start(LokiClientConfig.Builder config) {
        client = new LokiClient(config.build(), acks, registry);
        return client;
    }

    /** Pushes every entry with its token, in order. */
    void pushAll(Pushes pushes) throws InterruptedException {
        for (Pushes.Push p : pushes.list()) {
            client.push(null, p.labels(), p.entry(), p.token());
        }
    }

    double counter(String name, String... tags) {
        var c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    /** Closes the client and the receiver; no token was acknowledged twice. */
    @Override
    public void close() {
        if (client != null) {
            client.close(Duration.ofSeconds(5));
        }
        loki.close();
        assertThat(acks.errors()).isEmpty();
    }
}
