package dev.ferry.agent.run;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.agent.config.AgentConfig;
import dev.ferry.agent.http.AgentHttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent that cannot do its job refuses to start before it reads a line or writes a position. */
class AgentStartTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    @BeforeEach
    void aLogWithLines() throws Exception {
        Files.createDirectories(dir.resolve("logs"));
        Files.writeString(dir.resolve("logs/app.log"), "one\ntwo\n");
    }

    private AgentConfig config(int port, String sinks) {
        String yaml = """
                server: {http_listen_address: 127.0.0.1, http_listen_port: %d}
                positions: {directory: '%s', sync_period: 50ms}
                %s
                sources:
                  - name: app
                    file: {paths: ['%s/*.log'], poll_interval: 20ms}
                """.formatted(port, dir.resolve("data"), sinks, dir.resolve("logs"));
        return TestConfigs.parse(yaml);
    }

    private Agent agent(AgentConfig config) {
        return new Agent(
                config,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Clock.systemUTC(),
                new PrintStream(stdout, true, UTF_8));
    }

    @Test
    void noSinkIsRefusedSoNoPositionMovesPastEntriesNobodyTook() {
        try (Agent agent = agent(config(0, "echo: false"))) {
            assertThatThrownBy(agent::start)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no sink: no loki endpoint and echo is off; entries would go nowhere");
        }
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aTakenHttpPortIsRefusedBeforeAnythingIsRead() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Agent agent = agent(config(taken.getLocalPort(), "echo: true"))) {
            assertThatThrownBy(agent::start)
                    .isInstanceOf(AgentHttpServer.ListenException.class)
                    .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken.getLocalPort()
                            + ": address already in use; set server.http_listen_port");
        }
        assertThat(stdout.toString(UTF_8)).isEmpty();
        assertThat(dir.resolve("data")).doesNotExist();
    }
}
