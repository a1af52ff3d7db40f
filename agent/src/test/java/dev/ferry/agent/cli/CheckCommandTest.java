package dev.ferry.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry check} says a config would not run before {@code ferry run} has to. */
class CheckCommandTest {
    // a name no environment sets, so the test means the same everywhere
    private static final String UNSET = "FERRY_CHECK_TEST_UNSET_URL";

    @TempDir
    Path dir;

    private static CommandRun run(String... args) {
        return CommandRun.of(new byte[0], args);
    }

    @Test
    void noLokiUrlAndNoEchoFailsTheCheck() throws Exception {
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                loki:
                  - url: ${%s}
                echo: false
                sources:
                  - name: app
                    file: {paths: [/var/log/app/*.log]}
                """.formatted(UNSET));

        CommandRun r = run("check", "--config", config.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .contains(config + ":2:9: loki endpoint 1: no sink: url is empty (" + UNSET + " is not set)")
                .contains("set " + UNSET + ", or set echo: true")
                .endsWith(config + ": 1 error; nothing was started" + System.lineSeparator());
    }

    @Test
    void processNeedsNoSinkAndStillRuns() throws Exception {
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                loki:
                  - url: ${%s}
                pipelines:
                  p: [{drop: {expression: '^x$'}}]
                """.formatted(UNSET));

        CommandRun r = run("process", "--config", config.toString(), "--pipeline", "p");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).doesNotContain("no sink").doesNotContain("error");
    }
}
