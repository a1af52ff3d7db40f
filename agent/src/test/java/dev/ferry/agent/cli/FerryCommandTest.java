package dev.ferry.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code ferry} says and returns for help, version and arguments it does not accept. */
class FerryCommandTest {
    @TempDir
    Path dir;

    private static CommandRun run(String... args) {
        return CommandRun.of(new byte[0], args);
    }

    @Test
    void noArgumentsOrHelpPrintUsageWithEverySubcommand() {
        for (String[] args : new String[][] {{}, {"-h"}, {"--help"}}) {
            CommandRun r = run(args);
            assertThat(r.exit()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.out())
                    .startsWith("Usage: ferry [-hV] [COMMAND]\n")
                    .contains("  -V, --version   Print version information and exit.\n")
                    .contains("  check    Check a config file")
                    .contains("  process  Run lines from standard input")
                    .contains("  run      Run the agent with a config file.\n");
        }
    }

    @Test
    void versionNamesFerryAndTheJvm() {
        CommandRun r = run("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines().toList()).hasSize(2).first().asString().startsWith("ferry ");
        assertThat(r.out()).contains("java " + System.getProperty("java.version"));
    }

    @Test
    void subcommandHelpListsItsOptions() {
        CommandRun r = run("process", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .startsWith("Usage: ferry process [-h] -c=<config> -p=<pipeline> [--labels=<labels>]"
                        + " [--timestamp=<timestamp>] [--inspect]\n")
                .contains("  -c, --config=<config>         The config file.\n")
                .contains("      --inspect                 Print to standard error what each stage changed.\n");
    }

    @Test
    void argumentsThatAreNotAcceptedExitTwoWithTheReasonAndUsage() {
        String[][] cases = {
            {"Unknown command: 'ship'", "ship"},
            {"Unknown option: '--verbose'", "--verbose"},
            {"Missing required option: '-c, --config=<config>'", "run"},
            {"Missing value for option '-c, --config=<config>'", "check", "--config"},
            {"Unknown option: '--confg'", "check", "--confg", "x.yaml"},
            {"Unmatched argument: 'extra'", "check", "-c", "x.yaml", "extra"},
            {"Option '--inspect' takes no value, got '--inspect=yes'", "process", "-c", "x", "-p", "p", "--inspect=yes"
            },
            {"Option '-c, --config=<config>' should be given only once", "check", "-c", "a", "--config=b"},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            CommandRun r = run(args);
            assertThat(r.exit()).as("%s", String.join(" ", args)).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err())
                    .as("%s", String.join(" ", args))
                    .startsWith(c[0] + "\n")
                    .contains("Usage: ferry");
        }
    }

    @Test
    void anOptionValueMayFollowAnEqualsSign() throws Exception {
        Path config = Files.writeString(
                dir.resolve("c.yaml"), "echo: true\npipelines:\n  p: [{drop: {expression: '^x$'}}]\n");

        CommandRun r = run("check", "--config=" + config);

        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith(config + ": ok\n");
    }
}
