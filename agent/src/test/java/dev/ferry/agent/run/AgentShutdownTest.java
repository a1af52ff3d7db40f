package dev.ferry.agent.run;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.agent.config.AgentConfig;
import dev.ferry.loki.LokiClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping while Loki is down: the sources stop where they are instead of reading on to fail the rest. */
class AgentShutdownTest {
    static final int LINES = 50_000;

    @TempDir
    Path dir;

    @Test
    void aSourceWaitingForRoomStopsWithoutReadingItsBacklog() throws Exception {
        Files.createDirectories(dir.resolve("logs"));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            text.append("line ").append(i).append(" of a backlog that Loki, being down, cannot take yet\n");
        }
        Files.writeString(dir.resolve("logs/app.log"), text);
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort(); // closed again: every connection is refused
        }
        String yaml = """
                server: {http_listen_address: 127.0.0.1, http_listen_port: 0, shutdown_timeout: 1s}
                positions: {directory: '%s'}
                loki:
                  - url: http://127.0.0.1:%d/loki/api/v1/push
                    batch_size: 64KiB
                    max_buffered_bytes: 256KiB
                sources:
                  - name: app
                    file: {paths: ['%s/*.log'], poll_interval: 20ms}
                """.formatted(dir.resolve("data"), deadPort, dir.resolve("logs"));
        AgentConfig config = TestConfigs.parse(yaml);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Agent agent =
                new Agent(config, meters, Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream(), true, UTF_8));
        try {
            agent.start();
            LokiClient client = agent.clients().get(0);
            Awaitility.await().until(() -> client.bufferedBytes() > 128 * 1024);
        } finally {
            agent.close();
        }

        double failed = meters.get("ferry.loki.entries.failed").counter().count();
        // the buffer holds ~3,000 of these lines; failing them is right, they are read again at the
        // next start. Reading the remaining ~47,000 only to fail them was not.
        assertThat(failed).isGreaterThan(0).isLessThan(LINES / 5.0);
    }
}
