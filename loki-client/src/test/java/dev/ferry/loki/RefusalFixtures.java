package dev.ferry.loki;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * The pushes whose 400 answers from the real Loki 3.4.6 are kept as fixtures in
 * {@code src/test/resources/loki-400/}, and those bodies. {@code RealLokiTest} checks that Loki still
 * answers them so; {@code RefusedEntriesTest} reads them.
 */
final class RefusalFixtures {
    /** The time of the fixtures' entries: fixed, so Loki's messages are too (Loki runs with TZ=UTC). */
    static final Instant T = Instant.parse("2026-01-27T12:00:00Z");

    static final Instant FUTURE = Instant.parse("2099-01-01T00:00:00Z");
    static final String LONG_LABEL_VALUE = "x".repeat(3000);
    static final int OLD_ENTRIES = 12;

    private RefusalFixtures() {}

    /**
     * Five streams, eleven entries: Loki's distributor refuses six (two too new, one over max line
     * size, a stream with a label value over 2048 bytes, one entry with too much structured metadata)
     * and stores five.
     */
    static Pushes distributorMix() {
        Pushes b = new Pushes();
        Labels good = Labels.of("app", "good");
        b.add(good, entry(T, "good 1"), "good-1");
        b.add(good, entry(T.plusMillis(1), "good 2"), "good-2");
        Labels mixed = Labels.of("app", "mixed");
        b.add(mixed, entry(T, "mixed ok"), "mixed-ok");
        b.add(mixed, entry(FUTURE, "mixed future 1"), "mixed-future-1");
        b.add(mixed, entry(FUTURE.plusMillis(500), "mixed future 2"), "mixed-future-2");
        Labels bigline = Labels.of("app", "bigline");
        b.add(bigline, entry(T, "y".repeat(300_000)), "bigline-long");
        b.add(bigline, entry(T.plusMillis(1), "small"), "bigline-small");
        Labels longLabel = Labels.of("app", "longlabel", "level", LONG_LABEL_VALUE);
        b.add(longLabel, entry(T, "ll 1"), "longlabel-1");
        b.add(longLabel, entry(T.plusMillis(1), "ll 2"), "longlabel-2");
        Labels bigmeta = Labels.of("app", "bigmeta");
        b.add(bigmeta, LogEntry.of(T, "meta ok", StructuredMetadata.of("a", "b")), "bigmeta-ok");
        b.add(
                bigmeta,
                LogEntry.of(T.plusMillis(1), "meta big", StructuredMetadata.of("big", "z".repeat(70_000))),
                "bigmeta-big");
        return b;
    }

    /** The stored outcome of each token of {@link #distributorMix()}: true when Loki stores it. */
    static final Map<String, Boolean> DISTRIBUTOR_MIX_STORED = Map.ofEntries(
            Map.entry("good-1", true),
            Map.entry("good-2", true),
            Map.entry("mixed-ok", true),
            Map.entry("mixed-future-1", false),
            Map.entry("mixed-future-2", false),
            Map.entry("bigline-long", false),
            Map.entry("bigline-small", true),
            Map.entry("longlabel-1", false),
            Map.entry("longlabel-2", false),
            Map.entry("bigmeta-ok", true),
            Map.entry("bigmeta-big", false));

    /** First push: the newest entry of stream {app="behind"}, at T. */
    static Pushes ingesterSetup() {
        Pushes b = new Pushes();
        b.add(Labels.of("app", "behind"), entry(T, "newest"), "newest");
        return b;
    }

    /**
     * Second push: one other stream, then twelve entries two hours behind the newest (Loki's ingester
     * refuses entries more than max_chunk_age/2 = 1h behind, and lists at most ten of them) and one
     * new entry. The refusing stream comes last: Loki 3.4.6's ingester answers with the error of the
     * last stream of a push only, and 204 when that one had none.
     */
    static Pushes ingesterBehind() {
        Pushes b = new Pushes();
        b.add(Labels.of("app", "fine"), entry(T, "fine"), "fine");
        Labels behind = Labels.of("app", "behind");
        Instant old = T.minusSeconds(7200);
        for (int i = 0; i < OLD_ENTRIES; i++) {
            b.add(behind, entry(old.plusNanos(i), "old " + i), "old-" + i);
        }
        b.add(behind, entry(T.plusMillis(1), "new"), "new");
        return b;
    }

    static LogEntry entry(Instant t, String line) {
        return LogEntry.of(t, line, StructuredMetadata.EMPTY);
    }

    /** A fixture body, as Loki wrote it. */
    static String body(String name) {
        try (InputStream in = RefusalFixtures.class.getResourceAsStream("/loki-400/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture /loki-400/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
