package dev.ferry.agent.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryWatchTest {
    @TempDir
    Path dir;

    private final AtomicInteger creates = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();

    @Test
    void aNewFileAsksForAScanAndAWriteAfterQuietWakesTheReaderAtOnce() throws IOException {
        Path log = dir.resolve("app.log");
        try (DirectoryWatch watch = new DirectoryWatch("t", creates::incrementAndGet, writes::incrementAndGet)) {
            watch.watch(Set.of(dir));
            assertThat(watch.watchesAll()).isTrue();

            Files.writeString(log, "first\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> creates.get() >= 1);

            await().pollDelay(Duration.ofMillis(300)).until(() -> true); // a quiet spell
            int before = writes.get();
            Files.writeString(log, "second\n", StandardOpenOption.APPEND);
            await().atMost(Duration.ofSeconds(5)).until(() -> writes.get() > before);
        }
    }

    @Test
    void aStreamOfWritesWakesTheReaderAFewTimesASecondNotOnEveryWrite() throws Exception {
        Path log = Files.createFile(dir.resolve("busy.log"));
        DirectoryWatch[] holder = new DirectoryWatch[1];
        Runnable reader = () -> {
            writes.incrementAndGet();
            holder[0].readerProgressed(); // each wake finds the lines written since the last one
        };
        try (DirectoryWatch watch = new DirectoryWatch("t", creates::incrementAndGet, reader);
                OutputStream out = Files.newOutputStream(log, StandardOpenOption.APPEND)) {
            holder[0] = watch;
            watch.watch(Set.of(dir));
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(1);
            int line = 0;
            while (System.nanoTime() < end) {
                out.write(("line " + line++ + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(1);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            await().atMost(Duration.ofSeconds(5)).until(() -> writes.get() >= 1);

            // one wake per WRITE_WAKE_GAP (10 a second), plus a burst of WAKE_BURST and one pending at the end;
            // a wake per 10 ms of events would be about 90
            double gaps = seconds * TimeUnit.SECONDS.toNanos(1) / DirectoryWatch.WRITE_WAKE_GAP_NANOS;
            assertThat(writes.get())
                    .as("wakes for %d writes in %.2f s", line, seconds)
                    .isBetween(2, (int) gaps + DirectoryWatch.WAKE_BURST + 1);
        }
    }

    @Test
    void whileTheReaderKeepsFindingLinesWritesAreNotWatchedAndTheClockWakesItThenWatchingResumes() throws Exception {
        Path log = Files.createFile(dir.resolve("stream.log"));
        AtomicBoolean writing = new AtomicBoolean(true);
        DirectoryWatch[] holder = new DirectoryWatch[1];
        Runnable reader = () -> {
            writes.incrementAndGet();
            if (writing.get()) {
                holder[0].readerProgressed(); // the reader found lines
            }
        };
        try (DirectoryWatch watch = new DirectoryWatch("t", creates::incrementAndGet, reader);
                OutputStream out = Files.newOutputStream(log, StandardOpenOption.APPEND)) {
            holder[0] = watch;
            watch.watch(Set.of(dir));
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
            boolean streamed = false;
            for (int line = 0; System.nanoTime() < end; line++) {
                out.write(("line " + line + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                streamed |= watch.streaming();
                Thread.sleep(1);
            }
            assertThat(streamed)
                    .as("writes stopped being watched during the stream")
                    .isTrue();
            int during = writes.get();
            await().atMost(Duration.ofSeconds(2)).until(() -> writes.get() > during); // still woken on the clock

            writing.set(false); // the next wake finds nothing: writes are watched again
            await().atMost(Duration.ofSeconds(5)).until(() -> !watch.streaming());
            await().pollDelay(Duration.ofMillis(300)).until(() -> true); // a quiet spell
            int before = writes.get();
            out.write("after\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> writes.get() > before);
        }
    }
}
