package dev.ferry.pipeline.config;

import java.util.List;
import java.util.stream.Collectors;

/** A config that cannot be used; its message lists every error, one a line. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> errors;

    public ConfigException(List<ConfigProblem> errors) {
        super(errors.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigProblem> errors() {
        return errors;
    }
}
