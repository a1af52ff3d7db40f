package dev.ferry.e2e.reliability;

import dev.ferry.e2e.FerryProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent that cannot do its job must say so and stop, before it reads anything: with nowhere to
 * send entries it would otherwise discard them and move its positions past them; with its HTTP port
 * taken it has no probes or metrics.
 */
@Tag("reliability")
@ExtendWith(SharedLoki.class)
class StartupRefusalTest {
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void withNoLokiUrlAndEchoOffItExitsNonZeroSayingWhyAndReadsNothing() throws Exception {
        try (AgentRun run = AgentRun.create(dir, "nosink", null)) {
            Path file = writeLines(run);
            run.env("LOKI_URL", null); // steady.yaml: url: ${LOKI_URL:-}, echo: false
            FerryProcess ferry = run.start("steady.yaml");
            OptionalInt exit = ferry.exitWithin(EXIT_WITHIN);
            Map<String, Long> positions = run.savedPositions(); // before any SIGTERM could save them
            String stderr = ferry.stderr();
            System.out.println(
                    "[reliability] no sink: exit " + exit + ", positions " + positions + ", stderr:\n" + stderr);

            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(exit)
                    .as(
                            "exits by itself within %s when there is nowhere to send entries; stderr:%n%s",
                            EXIT_WITHIN, stderr)
                    .isPresent();
            exit.ifPresent(code -> soft.assertThat(code).as("exit code").isNotZero());
            // INTEGRATOR: the exact wording is the fix's; the user must be told that no Loki url is set
            soft.assertThat(stderr.toLowerCase(Locale.ROOT))
                    .as("stderr says that no Loki endpoint is set")
                    .contains("loki")
                    .containsAnyOf("url", "endpoint");
            soft.assertThat(positions.getOrDefault(file.toString(), 0L))
                    .as(
                            "saved position of %s (%d bytes): nothing was shipped, so nothing is passed",
                            file, Files.size(file))
                    .isZero();
            soft.assertAll();
        }
    }

    @Test
    void withItsHttpPortTakenItExitsNonZeroWithOneClearErrorAndReadsNothing(LokiServer loki) throws Exception {
        try (AgentRun run = AgentRun.create(dir, "porttaken", loki);
                ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Path file = writeLines(run);
            String port = String.valueOf(taken.getLocalPort());
            run.env("FERRY_HTTP_PORT", port);
            FerryProcess ferry = run.start("steady.yaml");
            OptionalInt exit = ferry.exitWithin(EXIT_WITHIN);
            Map<String, Long> positions = run.savedPositions();
            String stderr = ferry.stderr();
            int stored = run.stored().size();
            System.out.println("[reliability] port taken: exit " + exit + ", positions " + positions + ", " + stored
                    + " lines in Loki, stderr:\n" + stderr);

            List<String> mentionsPort = new ArrayList<>();
            for (String line : stderr.split("\n")) {
                if (line.contains(port)) {
                    mentionsPort.add(line);
                }
            }
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(exit)
                    .as("exits by itself within %s; stderr:%n%s", EXIT_WITHIN, stderr)
                    .isPresent();
            exit.ifPresent(code -> soft.assertThat(code).as("exit code").isNotZero());
            soft.assertThat(mentionsPort)
                    .as("one error line names the port that is taken; stderr:%n%s", stderr)
                    .hasSize(1);
            soft.assertThat(stderr)
                    .as("an expected condition prints no stack trace")
                    .doesNotContain("\tat ")
                    .doesNotContain("Exception in thread");
            soft.assertThat(positions.getOrDefault(file.toString(), 0L))
                    .as(
                            "saved position of %s (%d bytes; %d lines reached Loki): an agent that cannot start reads nothing",
                            file, Files.size(file), stored)
                    .isZero();
            soft.assertAll();
        }
    }

    /** A pino file of 200 lines, there before the agent starts. */
    private static Path writeLines(AgentRun run) throws IOException {
        StringBuilder lines = new StringBuilder();
        long now = System.currentTimeMillis();
        for (int seq = 0; seq < 200; seq++) {
            lines.append(SequencedLine.PINO.format(run.id, seq, now)).append('\n');
        }
        Path file = run.logs.resolve("orders.json.log");
        Files.writeString(file, lines);
        return file;
    }
}
