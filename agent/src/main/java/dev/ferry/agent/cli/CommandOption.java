package dev.ferry.agent.cli;

import java.util.List;

/**
 * One option of a {@code ferry} subcommand: its names ({@code -c}, {@code --config}), the label of
 * its value ({@code null} for a flag that takes none), whether it must be given, and its help text.
 */
record CommandOption(List<String> names, String valueLabel, boolean required, String description) {
    CommandOption {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("an option needs at least one name");
        }
    }

    static CommandOption value(String shortName, String longName, String label, boolean required, String description) {
        return new CommandOption(
                shortName == null ? List.of(longName) : List.of(shortName, longName), label, required, description);
    }

    static CommandOption flag(String shortName, String longName, String description) {
        return new CommandOption(
                shortName == null ? List.of(longName) : List.of(shortName, longName), null, false, description);
    }

    boolean takesValue() {
        return valueLabel != null;
    }

    /** The long name, which keys the parsed value. */
    String key() {
        return names.get(names.size() - 1);
    }

    /** How usage and errors show the option: {@code -c, --config=<config>}. */
    String synopsis() {
        return String.join(", ", names) + (takesValue() ? "=<" + valueLabel + ">" : "");
    }
}
