package dev.ferry.agent.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The options given to one subcommand, parsed against its {@link CommandOption}s: {@code --name
 * value}, {@code --name=value}, {@code -c value} and flags. Anything else is a usage error.
 */
final class CommandArgs {
    private final Map<String, String> values;

    private CommandArgs(Map<String, String> values) {
        this.values = values;
    }

    /** Thrown for arguments the subcommand does not accept; the message says which and why. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** Parses {@code args[from..]}; a help flag ({@code -h}, {@code --help}) is returned as {@code --help}. */
    static CommandArgs parse(List<CommandOption> options, String[] args, int from) throws UsageException {
        Map<String, String> values = new HashMap<>();
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                values.put("--help", "true");
                continue;
            }
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 2) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            CommandOption option = find(options, name);
            if (option == null) {
                throw new UsageException(
                        arg.startsWith("-") ? "Unknown option: '" + arg + "'" : "Unmatched argument: '" + arg + "'");
            }
            String value;
            if (!option.takesValue()) {
                if (inline != null) {
                    throw new UsageException("Option '" + name + "' takes no value, got '" + arg + "'");
                }
                value = "true";
            } else if (inline != null) {
                value = inline;
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException("Missing value for option '" + option.synopsis() + "'");
            }
            if (values.putIfAbsent(option.key(), value) != null) {
                throw new UsageException("Option '" + option.synopsis() + "' should be given only once");
            }
        }
        if (!values.containsKey("--help")) {
            for (CommandOption o : options) {
                if (o.required() && !values.containsKey(o.key())) {
                    throw new UsageException("Missing required option: '" + o.synopsis() + "'");
                }
            }
        }
        return new CommandArgs(values);
    }

    private static CommandOption find(List<CommandOption> options, String name) {
        for (CommandOption o : options) {
            if (o.names().contains(name)) {
                return o;
            }
        }
        return null;
    }

    boolean help() {
        return values.containsKey("--help");
    }

    /** The value of the option whose long name is {@code key}, or {@code fallback} when it was not given. */
    String value(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    boolean flag(String key) {
        return values.containsKey(key);
    }
}
