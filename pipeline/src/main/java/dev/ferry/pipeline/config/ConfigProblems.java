package dev.ferry.pipeline.config;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Collects every error and warning found while reading a config, so a user sees them all at once.
 * Not thread-safe.
 */
public final class ConfigProblems {
    private final List<ConfigProblem> problems = new ArrayList<>();

    public void error(Location at, String context, String message) {
        problems.add(new ConfigProblem(ConfigProblem.Severity.ERROR, at, context, message));
    }

    public void warning(Location at, String context, String message) {
        problems.add(new ConfigProblem(ConfigProblem.Severity.WARNING, at, context, message));
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(p -> p.severity() == ConfigProblem.Severity.ERROR);
    }

    public int errorCount() {
        return (int) problems.stream()
                .filter(p -> p.severity() == ConfigProblem.Severity.ERROR)
                .count();
    }

    public List<ConfigProblem> errors() {
        return problems.stream()
                .filter(p -> p.severity() == ConfigProblem.Severity.ERROR)
                .toList();
    }

    public List<ConfigProblem> warnings() {
        return problems.stream()
                .filter(p -> p.severity() == ConfigProblem.Severity.WARNING)
                .toList();
    }

    /** Everything, in the order found. */
    public List<ConfigProblem> all() {
        return List.copyOf(problems);
    }

    /** Throws a {@link ConfigException} listing every error, if there is one. */
    public void throwIfErrors() {
        if (hasErrors()) {
            throw new ConfigException(errors());
        }
    }

    @Override
    public String toString() {
        return problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    }
}
