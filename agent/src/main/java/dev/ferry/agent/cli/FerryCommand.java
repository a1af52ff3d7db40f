package dev.ferry.agent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ferry} command line: the entry point of the agent's jar. */
@Command(
        name = "ferry",
        mixinStandardHelpOptions = true,
        versionProvider = FerryCommand.Version.class,
        description = "Per-node log shipping agent for Kubernetes that pushes to Loki.")
public final class FerryCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.in, System.out, System.err).execute(args));
    }

    /** The command line with its subcommands, reading and writing the given streams (tests pass their own). */
    public static CommandLine commandLine(java.io.InputStream in, java.io.PrintStream out, java.io.PrintStream err) {
        CommandLine cl = new CommandLine(new FerryCommand());
        cl.addSubcommand(new CheckCommand(out, err));
        cl.addSubcommand(new ProcessCommand(in, out, err));
        cl.addSubcommand(new RunCommand(out, err));
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        return cl;
    }

    /** Reads the version the build wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = FerryCommand.class.getResourceAsStream("/ferry-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {
                "ferry " + p.getProperty("version", "unknown"),
                "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
            };
        }
    }
}
