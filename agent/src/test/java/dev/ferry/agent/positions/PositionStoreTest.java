package dev.ferry.agent.positions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PositionStoreTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-27T12:00:00Z"));
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    /** A source whose live targets the test sets. */
    static final class Targets implements PositionReporter {
        final Map<String, long[]> live = new HashMap<>();

        @Override
        public void report(Collector out) {
            live.forEach((key, p) -> out.position(key, p[0], p[1], Map.of("path", "/logs/" + key)));
        }
    }

    PositionStore open() {
        return PositionStore.open(
                new PositionStore.Config(dir, Duration.ofSeconds(10), Duration.ofHours(1)), clock, meters);
    }

    /** A started store over one source, {@code plex}, that syncs by itself every {@code syncPeriod}. */
    PositionStore started(Duration syncPeriod, Targets plex) {
        PositionStore store =
                PositionStore.open(new PositionStore.Config(dir, syncPeriod, Duration.ofHours(1)), clock, meters);
        store.register("plex", plex);
        store.start();
        return store;
    }

    static void awaitSaved(PositionStore store, long position) {
        org.awaitility.Awaitility.await()
                .until(() -> Files.exists(store.file())
                        && Files.readString(store.file()).contains("position: " + position + "\n"));
    }

    double writes() {
        return meters.get("ferry.positions.writes").counter().count();
    }

    @Test
    void positionsSurviveARestart() {
        Targets plex = new Targets();
        plex.live.put("2049:17", new long[] {1234, 0});
        plex.live.put("2049:18", new long[] {0, 0});
        Targets pods = new Targets();
        pods.live.put("default/api/app", new long[] {1769515200123456789L, -42});
        try (PositionStore store = open()) {
            assertThat(store.knewAtStart("plex")).isFalse();
            store.register("plex", plex);
            store.register("pods", pods);
            store.sync();
        }
        PositionStore again = open();
        assertThat(again.knewAtStart("plex")).isTrue();
        SavedPosition p = again.lookup("plex", "2049:17");
        assertThat(p.position()).isEqualTo(1234);
        assertThat(p.attribute("path")).isEqualTo("/logs/2049:17");
        assertThat(p.seenMillis()).isEqualTo(clock.millis());
        SavedPosition pod = again.lookup("pods", "default/api/app");
        assertThat(pod.position()).isEqualTo(1769515200123456789L);
        assertThat(pod.aux()).isEqualTo(-42);
        assertThat(again.lookup("plex", "2049:99")).isNull();
        assertThat(again.lookup("nosuch", "2049:17")).isNull();
    }

    @Test
    void theFileIsWrittenOnlyWhenAPositionChanged() throws IOException {
        Targets plex = new Targets();
        plex.live.put("1:1", new long[] {10, 0});
        PositionStore store = open();
        store.register("plex", plex);
        store.sync();
        assertThat(writes()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(10));
        store.sync();
        clock.advance(Duration.ofSeconds(10));
        store.sync();
        assertThat(writes()).as("nothing changed").isEqualTo(1);
        plex.live.put("1:1", new long[] {20, 0});
        store.sync();
        assertThat(writes()).isEqualTo(2);
        assertThat(Files.readString(store.file())).contains("position: 20");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("positions.yaml");
        }
    }

    @Test
    void theFileLooksLikeThis() throws IOException {
        Targets plex = new Targets();
        plex.live.put("2049:131077", new long[] {18244, 0});
        PositionStore store = open();
        store.register("plex", plex);
        store.sync();
        assertThat(Files.readString(store.file())).isEqualTo("""
                        # Ferry positions: where each source resumes. Rewritten by Ferry as Loki acknowledges lines.
                        version: 1
                        sources:
                          plex:
                          - key: "2049:131077"
                            position: 18244
                            seen: "2026-01-27T12:00:00Z"
                            attributes:
                              path: "/logs/2049:131077"
                        """);
    }

    @Test
    void closeSavesTheLastPositions() {
        Targets plex = new Targets();
        plex.live.put("1:1", new long[] {10, 0});
        PositionStore store = open();
        store.register("plex", plex);
        store.start();
        plex.live.put("1:1", new long[] {99, 0});
        store.close();
        assertThat(open().lookup("plex", "1:1").position()).isEqualTo(99);
    }

    @Test
    void theSchedulerSavesEverySyncPeriod() {
        Targets plex = new Targets();
        plex.live.put("1:1", new long[] {10, 0});
        PositionStore store = started(Duration.ofMillis(20), plex);
        try {
            awaitSaved(store, 10);
            plex.live.put("1:1", new long[] {77, 0});
            awaitSaved(store, 77);
        } finally {
            store.close();
        }
    }

    @Test
    void anAcknowledgedPositionIsSavedSoonNotAtTheNextSyncPeriod() {
        Targets plex = new Targets();
        plex.live.put("1:1", new long[] {10, 0});
        PositionStore store = started(Duration.ofHours(1), plex);
        try {
            for (int i = 1; i <= 3; i++) {
                long position = 100 * i;
                plex.live.put("1:1", new long[] {position, 0});
                store.requestSync(); // what every acknowledgement does
                store.requestSync(); // coalesced with the one before
                awaitSaved(store, position);
            }
            // the file is renamed into place before the write is counted
            org.awaitility.Awaitility.await().until(() -> writes() >= 3);
            assertThat(writes())
                    .as("one write per moved position, never one per request")
                    .isEqualTo(3);
        } finally {
            store.close();
        }
    }

    @Test
    void aRequestBeforeStartOrAfterCloseWritesNothingByItself() {
        Targets plex = new Targets();
        plex.live.put("1:1", new long[] {10, 0});
        PositionStore store = open();
        store.register("plex", plex);
        store.requestSync();
        assertThat(Files.exists(store.file())).isFalse();
        store.close();
        plex.live.put("1:1", new long[] {20, 0});
        store.requestSync();
        assertThat(open().lookup("plex", "1:1").position())
                .as("saved by close, not after it")
                .isEqualTo(10);
    }

    @Test
    void targetsGoneLongerThanForgetAfterAreForgotten() {
        Targets plex = new Targets();
        plex.live.put("1:1", new long[] {10, 0});
        plex.live.put("1:2", new long[] {20, 0});
        PositionStore store = open();
        store.register("plex", plex);
        store.sync();
        plex.live.remove("1:2");
        clock.advance(Duration.ofMinutes(59));
        store.sync();
        assertThat(store.lookup("plex", "1:2")).as("within forget_after").isNotNull();
        clock.advance(Duration.ofMinutes(2));
        store.sync();
        assertThat(store.lookup("plex", "1:2")).isNull();
        assertThat(store.lookup("plex", "1:1")).as("still reported").isNotNull();
        assertThat(open().lookup("plex", "1:2")).as("and gone from the file").isNull();
    }

    @Test
    void aLongDowntimeForgetsNothing() {
        Targets plex = new Targets();
        plex.live.put("1:1", new long[] {10, 0});
        PositionStore store = open();
        store.register("plex", plex);
        store.close();
        clock.advance(Duration.ofDays(3));
        PositionStore after = open();
        after.sync(); // no source registered yet: the k8s informer may still be listing pods
        assertThat(after.lookup("plex", "1:1")).isNotNull();
        clock.advance(Duration.ofMinutes(61));
        after.sync();
        assertThat(after.lookup("plex", "1:1"))
                .as("not claimed for forget_after of run time")
                .isNull();
    }

    @Test
    void seenIsRefreshedInTheFileBeforeItCouldExpire() {
        Targets plex = new Targets();
        plex.live.put("1:1", new long[] {10, 0});
        PositionStore store = open();
        store.register("plex", plex);
        store.sync();
        clock.advance(Duration.ofMinutes(29));
        store.sync();
        assertThat(writes()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(2));
        store.sync();
        assertThat(writes()).as("seen older than forget_after/2 in the file").isEqualTo(2);
    }

    static Stream<Arguments> corruptFiles() {
        return Stream.of(
                Arguments.of("not YAML", "version: 1\nsources: [unclosed\n"),
                Arguments.of("binary", "\u0000\u0001\u0002garbage"),
                Arguments.of("empty", ""),
                Arguments.of("a list", "- 1\n- 2\n"),
                Arguments.of("no version", "sources: {}\n"),
                Arguments.of("future version", "version: 9\nsources: {}\n"),
                Arguments.of("sources not a map", "version: 1\nsources: [1]\n"),
                Arguments.of("no key", "version: 1\nsources:\n  plex:\n  - position: 1\n"),
                Arguments.of("negative position", "version: 1\nsources:\n  plex:\n  - key: a\n    position: -1\n"),
                Arguments.of("text position", "version: 1\nsources:\n  plex:\n  - key: a\n    position: ten\n"),
                Arguments.of("bad seen", "version: 1\nsources:\n  plex:\n  - {key: a, position: 1, seen: yesterday}\n"),
                Arguments.of("truncated write", "version: 1\nsources:\n  plex:\n  - key: \"2049:1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptFiles")
    void aCorruptFileIsMovedAsideAndTheAgentStartsEmpty(String name, String text) throws IOException {
        Files.writeString(dir.resolve("positions.yaml"), text);
        PositionStore store = open();
        assertThat(store.knewAtStart("plex")).isFalse();
        assertThat(store.lookup("plex", "a")).isNull();
        Path aside = dir.resolve("positions.yaml.corrupt-20260127T120000Z");
        assertThat(aside).hasContent(text);
        assertThat(dir.resolve("positions.yaml")).doesNotExist();
        Targets plex = new Targets();
        plex.live.put("1:1", new long[] {5, 0});
        store.register("plex", plex);
        store.sync();
        assertThat(open().lookup("plex", "1:1").position()).isEqualTo(5);
    }

    @Test
    void aSecondCorruptFileInTheSameSecondGetsItsOwnName() throws IOException {
        Files.writeString(dir.resolve("positions.yaml"), "first");
        open();
        Files.writeString(dir.resolve("positions.yaml"), "second");
        open();
        assertThat(dir.resolve("positions.yaml.corrupt-20260127T120000Z")).hasContent("first");
        assertThat(dir.resolve("positions.yaml.corrupt-20260127T120000Z-1")).hasContent("second");
    }

    @Test
    void aFailedWriteIsCountedAndRetried() throws IOException {
        Targets plex = new Targets();
        plex.live.put("1:1", new long[] {5, 0});
        PositionStore store = open();
        store.register("plex", plex);
        Files.createDirectory(dir.resolve("positions.yaml.tmp")); // the temp file cannot be written
        store.sync();
        assertThat(meters.get("ferry.positions.write.errors").counter().count()).isEqualTo(1);
        assertThat(store.file()).doesNotExist();
        Files.delete(dir.resolve("positions.yaml.tmp"));
        store.sync();
        assertThat(open().lookup("plex", "1:1").position()).isEqualTo(5);
    }

    @Test
    void aDirectoryThatCannotBeCreatedIsAConfigError() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> PositionStore.open(
                        new PositionStore.Config(file.resolve("positions"), null, null), clock, meters))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("positions: cannot create directory " + file.resolve("positions"))
                .hasMessageEndingWith("(set positions.directory to a writable path)");
    }

    @Test
    void configIsChecked() {
        assertThatThrownBy(() -> new PositionStore.Config(null, null, null))
                .hasMessage("positions: directory is required");
        assertThatThrownBy(() -> new PositionStore.Config(dir, Duration.ZERO, null))
                .hasMessage("positions: sync_period must be positive, got PT0S");
        assertThat(new PositionStore.Config(dir, null, null).syncPeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThat(List.of(new PositionStore.Config(dir, null, null).forgetAfter()))
                .containsExactly(Duration.ofHours(1));
    }
}
