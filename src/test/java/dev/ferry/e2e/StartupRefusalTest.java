package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config that cannot work refuses to start: one clear line, exit code 1, nothing read, no position written. (An
 * agent that started anyway would read the files and save positions past lines nobody received.)
 */
class StartupRefusalTest {
    @TempDir
    Path dir;

    private Path logs;

    @BeforeEach
    void aLogWithLines() throws Exception {
        logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("app.log"), "one\ntwo\nthree\n");
    }

    @Test
    void anUnsetLokiUrlWithEchoOffIsAConfigErrorNamingTheVariable() throws Exception {
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                server: {http_listen_address: 127.0.0.1, http_listen_port: ${FERRY_HTTP_PORT}}
                positions: {directory: ${FERRY_DATA_DIR}}
                loki:
                  - url: ${LOKI_URL}
                echo: false
                sources:
                  - name: app
                    file: {paths: ["${E2E_LOGS}/*.log"]}
                """);

        try (FerryProcess ferry = FerryProcess.start(config, dir, env())) {
            assertThat(ferry.waitForExit()).isEqualTo(1);
            assertThat(ferry.stderr())
                    .contains(config + ":4:")
                    .contains("no sink")
                    .contains("LOKI_URL is not set")
                    .contains("echo: true")
                    .contains("nothing was started")
                    .doesNotContain("ferry started");
            assertThat(ferry.stdoutLines()).isEmpty();
        }
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aTakenHttpPortIsOneLineAndNothingIsRead() throws Exception {
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                server: {http_listen_address: 127.0.0.1, http_listen_port: ${FERRY_HTTP_PORT}}
                positions: {directory: ${FERRY_DATA_DIR}, sync_period: 100ms}
                echo: true
                sources:
                  - name: app
                    file: {paths: ["${E2E_LOGS}/*.log"]}
                """);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> env = new java.util.HashMap<>(env());
            env.put("FERRY_HTTP_PORT", String.valueOf(taken.getLocalPort()));

            try (FerryProcess ferry = FerryProcess.start(config, dir, env)) {
                assertThat(ferry.waitForExit()).isEqualTo(1);
                String err = ferry.stderr();
                assertThat(err)
                        .isEqualTo("ferry: cannot start: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                                + ": address already in use; set server.http_listen_port (and"
                                + " server.http_listen_address) in the config to a free port, or stop the process"
                                + " that holds it\n");
                assertThat(ferry.stdoutLines()).isEmpty(); // no line was read, so none was echoed
            }
        }
        assertThat(dir.resolve("data")).doesNotExist();
    }

    private Map<String, String> env() {
        return Map.of("FERRY_DATA_DIR", dir.resolve("data").toString(), "E2E_LOGS", logs.toString());
    }
}
