package dev.ferry.agent.logging;

import java.util.Locale;
import org.slf4j.event.Level;

/** The provider's whole configuration: the lowest level written and the layout of a line. */
record LogSettings(Level level, LogFormat format) {
    /** Before the config is read: info, logfmt. */
    static final LogSettings DEFAULT = new LogSettings(Level.INFO, LogFormat.LOGFMT);

    // fabric8's informer logs a stack trace per retry; Ferry's source reports the API state itself
    private static final String REFLECTOR = "io.fabric8.kubernetes.client.informers.impl.cache.Reflector";

    /** Reads {@code server.log_level} and {@code server.log_format} as the config file spells them. */
    static LogSettings parse(String level, String format) {
        Level l = switch (level.toLowerCase(Locale.ROOT)) {
            case "debug" -> Level.DEBUG;
            case "info" -> Level.INFO;
            case "warn" -> Level.WARN;
            case "error" -> Level.ERROR;
            default ->
                throw new IllegalArgumentException("log_level must be debug, info, warn or error, got '" + level + "'");
        };
        LogFormat f = switch (format.toLowerCase(Locale.ROOT)) {
            case "logfmt" -> LogFormat.LOGFMT;
            case "json" -> LogFormat.JSON;
            default -> throw new IllegalArgumentException("log_format must be logfmt or json, got '" + format + "'");
        };
        return new LogSettings(l, f);
    }

    /**
     * The lowest level (as {@link Level#toInt()}) written for one logger. Netty and fabric8 are chatty at info
     * about things Ferry reports its own way, so they are held to warn; fabric8's Reflector to error.
     */
    int threshold(String loggerName) {
        int configured = level.toInt();
        if (loggerName.startsWith(REFLECTOR)) {
            return Math.max(configured, Level.ERROR.toInt());
        }
        if (isUnder(loggerName, "io.netty") || isUnder(loggerName, "io.fabric8")) {
            return Math.max(configured, Level.WARN.toInt());
        }
        return configured;
    }

    /** At debug a throwable's stack trace follows its summary, as one escaped field. */
    boolean stackTraces() {
        return level.toInt() <= Level.DEBUG.toInt();
    }

    private static boolean isUnder(String name, String prefix) {
        return name.startsWith(prefix) && (name.length() == prefix.length() || name.charAt(prefix.length()) == '.');
    }
}
