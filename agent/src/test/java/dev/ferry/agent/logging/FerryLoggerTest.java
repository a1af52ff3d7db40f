package dev.ferry.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.event.Level;

class FerryLoggerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-27T12:39:48.421Z"), ZoneOffset.UTC);
    private static final String TS = "ts=2026-01-27T12:39:48.421Z ";
    private static final String REFLECTOR = "io.fabric8.kubernetes.client.informers.impl.cache.Reflector";

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final FerryLoggerFactory factory = new FerryLoggerFactory(CLOCK, lines::add);

    static Stream<Arguments> levels() {
        return Stream.of(
                Arguments.of("info drops debug", "info", "dev.ferry.agent.run.Agent", Level.DEBUG, false),
                Arguments.of("info writes info", "info", "dev.ferry.agent.run.Agent", Level.INFO, true),
                Arguments.of("debug writes debug", "debug", "dev.ferry.agent.run.Agent", Level.DEBUG, true),
                Arguments.of("debug drops trace", "debug", "dev.ferry.agent.run.Agent", Level.TRACE, false),
                Arguments.of("error drops warn", "error", "dev.ferry.loki.LokiClient", Level.WARN, false),
                Arguments.of("error writes error", "error", "dev.ferry.loki.LokiClient", Level.ERROR, true),
                Arguments.of("netty is held to warn at debug", "debug", "io.netty.channel.X", Level.INFO, false),
                Arguments.of("netty warns at debug", "debug", "io.netty.channel.X", Level.WARN, true),
                Arguments.of("netty follows error", "error", "io.netty.channel.X", Level.WARN, false),
                Arguments.of("fabric8 is held to warn", "info", "io.fabric8.kubernetes.client.X", Level.INFO, false),
                Arguments.of("fabric8 warns", "info", "io.fabric8.kubernetes.client.X", Level.WARN, true),
                Arguments.of("Reflector is held to error", "debug", REFLECTOR, Level.WARN, false),
                Arguments.of("Reflector's errors pass", "debug", REFLECTOR, Level.ERROR, true),
                Arguments.of("a Reflector inner class too", "info", REFLECTOR + "$ReflectorWatcher", Level.WARN, false),
                Arguments.of("a name that only starts like netty", "info", "io.nettyx.Foo", Level.INFO, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void levels(String name, String configured, String loggerName, Level event, boolean written) {
        factory.configure(LogSettings.parse(configured, "logfmt"));
        Logger log = factory.getLogger(loggerName);

        assertThat(log.isEnabledForLevel(event)).isEqualTo(written);
        log.atLevel(event).log("something happened");
        log.makeLoggingEventBuilder(event).log("through the fluent API");
        switch (event) {
            case TRACE -> log.trace("x={}", 1);
            case DEBUG -> log.debug("x={}", 1);
            case INFO -> log.info("x={}", 1);
            case WARN -> log.warn("x={}", 1);
            case ERROR -> log.error("x={}", 1);
        }

        assertThat(lines).hasSize(written ? 3 : 0);
    }

    @Test
    void beforeConfigureLinesAreInfoAndLogfmt() {
        Logger log = factory.getLogger("dev.ferry.agent.run.Agent");

        log.debug("hidden");
        log.info("ferry started version={} sources={}", "0.1.0", 2);

        assertThat(lines)
                .containsExactly(TS + "level=info logger=Agent msg=\"ferry started\" version=0.1.0 sources=2\n");
    }

    @Test
    void loggersMadeBeforeConfigureFollowIt() {
        Logger log = factory.getLogger("dev.ferry.loki.LokiClient");
        assertThat(log.isDebugEnabled()).isFalse();

        factory.configure(LogSettings.parse("debug", "json"));
        log.debug("push sent endpoint={} entries={}", "default", 12);

        assertThat(log.isDebugEnabled()).isTrue();
        assertThat(lines)
                .containsExactly("{\"ts\":\"2026-01-27T12:39:48.421Z\",\"level\":\"debug\",\"logger\":\"LokiClient\","
                        + "\"msg\":\"push sent\",\"endpoint\":\"default\",\"entries\":\"12\"}\n");
    }

    @Test
    void aThrowableAsLastArgumentBecomesTheErrorField() {
        Logger log = factory.getLogger("dev.ferry.agent.positions.PositionStore");

        log.error("positions sync failed file={}", "/data/positions.json", new IOException("disk full"));
        log.warn("retrying", new IOException("again"));

        assertThat(lines)
                .containsExactly(
                        TS + "level=error logger=PositionStore msg=\"positions sync failed\""
                                + " file=/data/positions.json error=\"java.io.IOException: disk full\"\n",
                        TS + "level=warn logger=PositionStore msg=retrying error=\"java.io.IOException: again\"\n");
    }

    @Test
    void theFluentApiWritesItsPairsAsFields() {
        Logger log = factory.getLogger("dev.ferry.agent.run.Agent");

        log.atWarn()
                .addKeyValue("tenant", "team a")
                .setCause(new IOException("refused"))
                .log("push failed endpoint={}", "default");

        assertThat(lines)
                .containsExactly(TS + "level=warn logger=Agent msg=\"push failed\" endpoint=default tenant=\"team a\""
                        + " error=\"java.io.IOException: refused\"\n");
    }

    @Test
    void oneLoggerPerName() {
        assertThat(factory.getLogger("a.B")).isSameAs(factory.getLogger("a.B"));
        assertThat(factory.getLogger("a.B").getName()).isEqualTo("a.B");
    }

    @Test
    void linesFromManyThreadsStayWhole() throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        FerryLoggerFactory shared = new FerryLoggerFactory(CLOCK, err::print);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().start(() -> {
                Logger log = shared.getLogger("dev.ferry.T" + thread);
                for (int i = 0; i < 500; i++) {
                    log.info("event thread={} i={} text=\"a\nb\"", thread, i);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }

        String[] written = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(written).hasSize(2000);
        assertThat(written)
                .allMatch(l -> l.matches(TS + "level=info logger=T\\d msg=event thread=\\d i=\\d+ text=\"a\\\\nb\""));
    }
}
