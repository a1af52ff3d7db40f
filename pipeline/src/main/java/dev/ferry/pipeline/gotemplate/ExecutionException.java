package dev.ferry.pipeline.gotemplate;

/**
 * A template that cannot be executed on this entry (Go's execution error, e.g. {@code ToLower} of a
 * missing value). Stackless: it can happen once per line.
 */
final class ExecutionException extends Exception {
    ExecutionException(String message) {
        super(message, null, false, false);
    }
}
