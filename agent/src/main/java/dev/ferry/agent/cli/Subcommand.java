package dev.ferry.agent.cli;

import java.util.List;

/** A {@code ferry} subcommand: its name, help and options, and what it does; returns the exit code. */
interface Subcommand {
    String name();

    String description();

    List<CommandOption> options();

    int run(CommandArgs args) throws Exception;
}
