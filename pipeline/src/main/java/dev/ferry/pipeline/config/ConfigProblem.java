package dev.ferry.pipeline.config;

/**
 * One config error or warning: where, in which part of the config (e.g. "pipeline 'plex', stage 3
 * (regex)"), and what. {@link #toString()} is the line users read.
 */
public record ConfigProblem(Severity severity, Location location, String context, String message) {
    public enum Severity {
        ERROR,
        WARNING
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(location).append(": ");
        if (severity == Severity.WARNING) {
            sb.append("warning: ");
        }
        if (context != null && !context.isEmpty()) {
            sb.append(context).append(": ");
        }
        return sb.append(message).toString();
    }
}
