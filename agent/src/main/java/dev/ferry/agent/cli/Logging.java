package dev.ferry.agent.cli;

/**
 * Sets up Ferry's own log lines (slf4j-simple) before the first logger exists: one line per event,
 * {@code 2026-01-27T12:39:48.421Z WARN LokiClient - loki endpoint=default push failed status=429 …}.
 */
final class Logging {
    private Logging() {}

    static void configure(String level, String format) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "false");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        // Netty and fabric8 are chatty at info about things Ferry already reports its own way
        System.setProperty("org.slf4j.simpleLogger.log.io.netty", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.fabric8", "warn");
        // fabric8's informer logs a stack trace per retry; Ferry's source reports the API state itself
        System.setProperty(
                "org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.informers.impl.cache.Reflector", "error");
    }
}
