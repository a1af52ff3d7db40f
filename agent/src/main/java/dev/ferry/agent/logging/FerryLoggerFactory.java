package dev.ferry.agent.logging;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

/**
 * Ferry's loggers, sharing one set of settings that {@link #configure} may replace at any time (loggers made before
 * the config was read follow the new settings), and one sink that takes each finished line whole.
 */
final class FerryLoggerFactory implements ILoggerFactory {
    private final ConcurrentMap<String, FerryLogger> loggers = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Consumer<String> sink;
    private volatile LogSettings settings = LogSettings.DEFAULT;

    /** {@code sink} gets each event as one string ending in a newline, so one write keeps lines whole. */
    FerryLoggerFactory(Clock clock, Consumer<String> sink) {
        this.clock = clock;
        this.sink = sink;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new FerryLogger(n, this));
    }

    void configure(LogSettings settings) {
        this.settings = settings;
    }

    LogSettings settings() {
        return settings;
    }

    void write(Level level, String logger, FormattedMessage message, List<KeyValuePair> pairs, Throwable thrown) {
        sink.accept(EventLine.render(clock.millis(), level, logger, message, pairs, thrown, settings));
    }
}
