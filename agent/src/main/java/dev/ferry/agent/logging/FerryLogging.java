package dev.ferry.agent.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/** Applies {@code server.log_level} and {@code server.log_format} to Ferry's log provider, once at startup. */
public final class FerryLogging {
    private FerryLogging() {}

    /**
     * Until this is called lines are info and logfmt.
     *
     * @param level debug, info, warn or error
     * @param format logfmt or json
     * @throws IllegalArgumentException for any other level or format
     */
    public static void configure(String level, String format) {
        LogSettings settings = LogSettings.parse(level, format);
        ILoggerFactory bound = LoggerFactory.getILoggerFactory();
        if (bound instanceof FerryLoggerFactory ferry) {
            ferry.configure(settings);
        } else {
            LoggerFactory.getLogger(FerryLogging.class)
                    .warn(
                            "log settings not applied: SLF4J bound {} instead of Ferry's provider (another SLF4J"
                                    + " provider on the class path?)",
                            bound.getClass().getName());
        }
    }
}
