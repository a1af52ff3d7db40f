package dev.ferry.agent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The {@code ferry} command line: the entry point of the agent's jar. Parsed by hand: the agent has
 * three subcommands and a handful of options, and a CLI library compiled for Java 5 cannot go into
 * the AOT cache, so it cost about a fifth of a CPU-second at every start.
 */
public final class FerryCommand {
    private static final String NETTY_JFR = "io.netty.jfr.enabled";
    private static final String DESCRIPTION = "Per-node log shipping agent for Kubernetes that pushes to Loki.";
    private static final CommandOption HELP = CommandOption.flag("-h", "--help", "Show this help message and exit.");
    private static final CommandOption VERSION =
            CommandOption.flag("-V", "--version", "Print version information and exit.");

    private final List<Subcommand> subcommands;
    private final PrintStream out;
    private final PrintStream err;

    private FerryCommand(List<Subcommand> subcommands, PrintStream out, PrintStream err) {
        this.subcommands = subcommands;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        // Netty's buffer allocator registers a JFR event type on its first chunk, which loads and
        // starts JFR's metadata (~100 classes, in the AOT cache and in memory) in an agent that
        // never records. Off unless the user sets it; before anything touches Netty.
        if (System.getProperty(NETTY_JFR) == null) {
            System.setProperty(NETTY_JFR, "false");
        }
        System.exit(commandLine(System.in, System.out, System.err).execute(args));
    }

    /** The command line with its subcommands, reading and writing the given streams (tests pass their own). */
    public static FerryCommand commandLine(InputStream in, PrintStream out, PrintStream err) {
        return new FerryCommand(
                List.of(new CheckCommand(out, err), new ProcessCommand(in, out, err), new RunCommand(out, err)),
                out,
                err);
    }

    /**
     * Runs {@code args} and returns the exit code: the subcommand's own, 0 for help and version, 2 for
     * arguments it does not accept, 1 when the subcommand fails with an exception.
     */
    public int execute(String... args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            out.print(usage());
            return 0;
        }
        if (args[0].equals("-V") || args[0].equals("--version")) {
            for (String line : version()) {
                out.println(line);
            }
            return 0;
        }
        Subcommand command = null;
        for (Subcommand s : subcommands) {
            if (s.name().equals(args[0])) {
                command = s;
            }
        }
        if (command == null) {
            err.println((args[0].startsWith("-") ? "Unknown option: '" : "Unknown command: '") + args[0] + "'");
            err.print(usage());
            return 2;
        }
        CommandArgs parsed;
        try {
            parsed = CommandArgs.parse(command.options(), args, 1);
        } catch (CommandArgs.UsageException e) {
            err.println(e.getMessage());
            err.print(usage(command));
            return 2;
        }
        if (parsed.help()) {
            out.print(usage(command));
            return 0;
        }
        try {
            return command.run(parsed);
        } catch (Exception e) {
            err.println("ferry " + command.name() + ": " + e);
            e.printStackTrace(err);
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private String usage() {
        StringBuilder b = new StringBuilder();
        b.append("Usage: ferry [-hV] [COMMAND]\n").append(DESCRIPTION).append('\n');
        appendOptions(b, List.of(HELP, VERSION));
        b.append("Commands:\n");
        int width = 0;
        for (Subcommand s : subcommands) {
            width = Math.max(width, s.name().length());
        }
        for (Subcommand s : subcommands) {
            b.append("  ")
                    .append(pad(s.name(), width + 2))
                    .append(s.description())
                    .append('\n');
        }
        return b.toString();
    }

    static String usage(Subcommand command) {
        StringBuilder b =
                new StringBuilder("Usage: ferry ").append(command.name()).append(" [-h]");
        for (CommandOption o : command.options()) {
            String one = o.names().get(0) + (o.takesValue() ? "=<" + o.valueLabel() + ">" : "");
            b.append(' ').append(o.required() ? one : "[" + one + "]");
        }
        b.append('\n').append(command.description()).append('\n');
        List<CommandOption> all = new ArrayList<>(command.options());
        all.add(HELP);
        appendOptions(b, all);
        return b.toString();
    }

    private static void appendOptions(StringBuilder b, List<CommandOption> options) {
        int width = 0;
        for (CommandOption o : options) {
            width = Math.max(width, column(o).length());
        }
        for (CommandOption o : options) {
            b.append("  ")
                    .append(pad(column(o), width + 3))
                    .append(o.description())
                    .append('\n');
        }
    }

    // a long-only option is indented past where a short name would be, as usual in help output
    private static String column(CommandOption o) {
        return (o.names().size() == 1 ? "    " : "") + o.synopsis();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    /** The version the build wrote into the jar, and the JVM's. */
    static List<String> version() {
        Properties p = new Properties();
        try (InputStream in = FerryCommand.class.getResourceAsStream("/ferry-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // the version stays "unknown"; nothing else depends on it
        }
        return List.of(
                "ferry " + p.getProperty("version", "unknown"),
                "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
    }
}
