package dev.ferry.agent.logging;

import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/** One named SLF4J logger: checks the level against the factory's current settings and hands events on. */
final class FerryLogger extends LegacyAbstractLogger implements LoggingEventAware {
    private static final long serialVersionUID = 1L;

    private final transient FerryLoggerFactory factory;
    private final String shortName;
    // the threshold for this logger's name under the settings it was worked out for; redone after configure
    private transient volatile Threshold threshold;

    private record Threshold(LogSettings settings, int level) {}

    FerryLogger(String name, FerryLoggerFactory factory) {
        this.name = name;
        this.factory = factory;
        this.shortName = name.substring(name.lastIndexOf('.') + 1);
    }

    private boolean enabled(Level level) {
        LogSettings settings = factory.settings();
        Threshold t = threshold;
        if (t == null || t.settings != settings) {
            t = new Threshold(settings, settings.threshold(name));
            threshold = t;
        }
        return level.toInt() >= t.level;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
            Level level, Marker marker, String pattern, Object[] arguments, Throwable thrown) {
        factory.write(level, shortName, FormattedMessage.format(pattern, arguments), List.of(), thrown);
    }

    /** The fluent API ({@code log.atInfo().addKeyValue(…)}): its key/value pairs become fields of their own. */
    @Override
    public void log(LoggingEvent event) {
        if (!enabled(event.getLevel())) {
            return;
        }
        Object[] arguments = event.getArgumentArray();
        Throwable thrown = event.getThrowable();
        if (thrown == null) {
            thrown = MessageFormatter.getThrowableCandidate(arguments);
        }
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        factory.write(
                event.getLevel(),
                shortName,
                FormattedMessage.format(event.getMessage(), arguments),
                pairs == null ? List.of() : pairs,
                thrown);
    }
}
