package dev.ferry.agent.logging;

import java.time.Clock;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/** The SLF4J provider (found through META-INF/services) that writes Ferry's log lines to standard error. */
public final class FerryServiceProvider implements SLF4JServiceProvider {
    // System.err is looked up per line so that a replaced standard error (System.setErr) is honoured
    private final FerryLoggerFactory loggerFactory =
            new FerryLoggerFactory(Clock.systemUTC(), line -> System.err.print(line));
    private final IMarkerFactory markerFactory = new BasicMarkerFactory();
    // Ferry writes no MDC values; a library that sets some is not charged for keeping them
    private final MDCAdapter mdcAdapter = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // everything is made in the constructor; settings come later from FerryLogging.configure
    }
}
