package dev.ferry.agent.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.agent.positions.AckToken;
import dev.ferry.agent.positions.PositionStore;
import dev.ferry.loki.PushOutcome;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source with its own thread, a store saving on its own thread, and acks from a third. */
class FileSourceTest {
    @TempDir
    Path logs;

    @TempDir
    Path data;

    record Offered(String line, Object token) {}

    FileSourceConfig config() {
        return new FileSourceConfig(
                "plex",
                List.of(logs + "/*.log"),
                null,
                Map.of("app", "plex"),
                false,
                null,
                Duration.ofMillis(50),
                Duration.ofMillis(10),
                null,
                false,
                null,
                null);
    }

    @Test
    void linesFlowAndPositionsAreSavedOnlyForAcknowledgedLines() throws IOException {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        PositionStore store = PositionStore.open(
                new PositionStore.Config(data, Duration.ofMillis(20), null), Clock.systemUTC(), meters);
        ConcurrentLinkedQueue<Offered> offered = new ConcurrentLinkedQueue<>();
        AtomicInteger room = new AtomicInteger(3);
        FileSource source = new FileSource(
                config(),
                (target, line, time, token) -> {
                    if (room.get() == 0) {
                        return false;
                    }
                    room.decrementAndGet();
                    offered.add(new Offered(line, token));
                    return true;
                },
                store,
                meters,
                Clock.systemUTC());
        Path log = logs.resolve("app.log");
        Files.writeString(log, "1\n2\n3\n4\n5\n");
        source.start();
        store.start();
        await().until(() -> offered.size() == 3);
        // a client on another thread acknowledges and makes room
        Thread client = new Thread(() -> {
            for (Offered o : offered) {
                source.ackListener().acknowledged(o.token(), PushOutcome.SENT);
            }
            room.set(100);
            source.wakeUp();
        });
        client.start();
        await().until(() -> offered.size() == 5);
        Files.writeString(log, "6\n", StandardOpenOption.APPEND);
        await().until(() -> offered.size() == 6);
        await().until(() ->
                Files.exists(store.file()) && Files.readString(store.file()).contains("position: 6"));
        assertThat(source.status()).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo(log.toString());
            assertThat(s.readOffset()).isEqualTo(12);
            assertThat(s.committedOffset()).isEqualTo(6);
            assertThat(s.inFlight()).isEqualTo(3);
            assertThat(s.lagBytes()).isEqualTo(6);
        });
        source.close();
        // acks that arrive after the source stopped still reach the final save
        offered.stream().skip(3).forEach(o -> source.ackListener().acknowledged(o.token(), PushOutcome.SENT));
        store.close();
        assertThat(Files.readString(store.file())).contains("position: 12");
        assertThat(offered).extracting(Offered::line).containsExactly("1", "2", "3", "4", "5", "6");
        for (Meter m : meters.getMeters()) {
            if (m.getId().getName().startsWith("ferry.file.")) {
                assertThat(m.getId().getTag("source")).isEqualTo("plex");
                assertThat(m.getId().getTags()).extracting(t -> t.getKey()).isSubsetOf("source", "kind", "reason");
            }
        }
        assertThat(meters.get("ferry.file.lines.read").counter().count()).isEqualTo(6);
    }

    @Test
    void aFileCreatedAndRenamedAwayWithinMillisecondsIsReadAtOnceAndOnce() throws IOException {
        // the user's scan period: the test never waits for it
        FileSourceConfig config = RotatedFileTest.plexConfig(logs, false, Duration.ofSeconds(10));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        PositionStore store = PositionStore.open(new PositionStore.Config(data, null, null), Clock.systemUTC(), meters);
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        FileSource source = started(config, store, meters, (target, line, time, token) -> {
            settle(token);
            return lines.add(line);
        });
        try {
            Files.writeString(logs.resolve("started.log"), "started\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("started"));
            List<String> written = new ArrayList<>(List.of("started"));
            for (int round = 0; round < 5; round++) {
                Path log = logs.resolve("Plex Media Server.log");
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < 20; i++) {
                    text.append("round ")
                            .append(round)
                            .append(" line ")
                            .append(i)
                            .append('\n');
                    written.add("round " + round + " line " + i);
                }
                Files.writeString(log, text);
                FileTailerScenarioTest.plexRotate(logs, "Plex Media Server"); // within a millisecond or so
                await().atMost(Duration.ofSeconds(5)).until(() -> lines.size() >= written.size());
            }
            assertThat(lines).containsExactlyInAnyOrderElementsOf(written);
        } finally {
            source.close();
            store.close();
        }
    }

    /** A source on the system clock, started. */
    @Test
    void afterSecondsOfQuietAWrittenLineIsReadOnItsWriteNotAtTheNextPoll() throws IOException {
        // a quiet reader polls only up to once a second when inotify watches its directory: the write wakes it
        FileSourceConfig config = RotatedFileTest.plexConfig(logs, false, Duration.ofSeconds(10));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        PositionStore store = PositionStore.open(new PositionStore.Config(data, null, null), Clock.systemUTC(), meters);
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        Path log = logs.resolve("app.log");
        Files.writeString(log, "first\n");
        FileSource source = started(config, store, meters, (target, line, time, token) -> {
            settle(token);
            return lines.add(line);
        });
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("first"));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> lines.size() == 1);
            Files.writeString(log, "second\n", StandardOpenOption.APPEND);
            // read on the write (measured: ~7 ms), where a missed wake-up waits for the next poll (~0.5-1 s)
            await().atMost(Duration.ofMillis(400)).until(() -> lines.contains("second"));
        } finally {
            source.close();
            store.close();
        }
    }

    @Test
    void aScanSaysWhenAFileItFoundIsASymbolicLink() throws IOException {
        // writes through a link land in the target's directory, which may not be watched: keep polling then
        Path real = Files.createDirectories(data.resolve("real"));
        Files.writeString(real.resolve("app.log"), "x\n");
        Files.writeString(logs.resolve("plain.log"), "y\n");
        GlobScanner scanner = new GlobScanner(List.of(logs + "/*.log"), List.of());
        assertThat(scanner.scan().symlinks()).isFalse();

        Files.createSymbolicLink(logs.resolve("linked.log"), real.resolve("app.log"));
        assertThat(scanner.scan().symlinks()).isTrue();
    }

    static FileSource started(FileSourceConfig config, PositionStore store, MeterRegistry meters, LineSink sink) {
        FileSource source = new FileSource(config, sink, store, meters, Clock.systemUTC());
        source.start();
        return source;
    }

    private static void settle(Object token) {
        ((AckToken) token).settle(PushOutcome.SENT);
    }
}
