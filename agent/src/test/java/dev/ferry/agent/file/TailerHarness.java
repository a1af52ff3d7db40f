package dev.ferry.agent.file;

import dev.ferry.agent.positions.MutableClock;
import dev.ferry.agent.positions.PositionStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A tailer driven step by step, with a real positions store in a directory: the tests write real
 * files and call {@link #step()} where the source thread would scan and read.
 */
final class TailerHarness {
    final Path positions;
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-27T12:00:00Z"));
    FileSourceConfig config;
    SimpleMeterRegistry meters;
    RecordingSink sink;
    PositionStore store;
    FileTailer tailer;
    final FileLabeler labeler;
    final Supplier<LineFramer> framers;

    TailerHarness(FileSourceConfig config, Path positions) {
        this(config, positions, FileLabeler.staticLabels(config.labels()), () -> LineFramer.PLAIN);
    }

    TailerHarness(FileSourceConfig config, Path positions, FileLabeler labeler, Supplier<LineFramer> framers) {
        this.config = config;
        this.positions = positions;
        this.labeler = labeler;
        this.framers = framers;
        start();
    }

    private void start() {
        meters = new SimpleMeterRegistry();
        sink = new RecordingSink();
        store = PositionStore.open(new PositionStore.Config(positions, null, null), clock, meters);
        FileTailer[] self = new FileTailer[1];
        FileSourceMetrics metrics =
                new FileSourceMetrics(meters, config.name(), () -> self[0] == null ? 0 : self[0].openFiles());
        tailer = new FileTailer(config, labeler, framers, sink, store, clock, metrics);
        self[0] = tailer;
        store.register(config.name(), tailer);
    }

    /** One scan, then reads until every file is idle (or downstream refuses). */
    TailerHarness step() {
        tailer.scan();
        pump();
        return this;
    }

    TailerHarness pump() {
        for (int i = 0; i < 10_000 && tailer.pump() == LineReader.PROGRESS; i++) {
            clock.advance(Duration.ofMillis(1));
        }
        return this;
    }

    /** Saves positions, then stops without acknowledging what is in flight, as a crash would. */
    TailerHarness restart() {
        store.sync();
        crash();
        return this;
    }

    /** Stops without saving: the next start sees the positions of the last sync. */
    TailerHarness crash() {
        tailer.close();
        start();
        return this;
    }

    double count(String name) {
        return meters.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    double count(String name, String tag, String value) {
        return meters.get(name).tag(tag, value).counter().count();
    }
}
