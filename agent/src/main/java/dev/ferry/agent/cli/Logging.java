package dev.ferry.agent.cli;

import dev.ferry.agent.logging.FerryLogging;

/**
 * Sets up Ferry's own log lines from {@code server.log_level} and {@code server.log_format}: one line per event on
 * standard error, {@code ts=2026-01-27T12:39:48.421Z level=warn logger=LokiClient msg="push failed" status=429 …} or
 * one JSON object per line.
 */
final class Logging {
    private Logging() {}

    static void configure(String level, String format) {
        FerryLogging.configure(level, format);
    }
}
