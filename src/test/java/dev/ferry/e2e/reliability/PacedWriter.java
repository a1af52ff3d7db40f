package dev.ferry.e2e.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Appends numbered lines to several files at a steady rate from its own thread, the way
 * applications keep logging while the agent is killed or Loki is down. Sequence numbers are
 * global across the files (line {@code n} goes to file {@code n % files}); each tick appends whole
 * lines to each file in one write.
 */
final class PacedWriter implements AutoCloseable {
    private static final long TICK_MILLIS = 10;

    /** A file and the shape of its lines. */
    record Target(Path file, SequencedLine format) {}

    private final String run;
    private final List<Target> targets;
    private final int perTick;
    private final AtomicInteger written = new AtomicInteger();
    private final AtomicReference<IOException> failure = new AtomicReference<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "paced-writer");
        t.setDaemon(true);
        return t;
    });

    private PacedWriter(String run, List<Target> targets, int linesPerSecond) {
        if (targets.isEmpty() || linesPerSecond < 1000 / TICK_MILLIS) {
            throw new IllegalArgumentException(
                    "need files and at least 100 lines/s, got " + targets + " at " + linesPerSecond);
        }
        this.run = run;
        this.targets = List.copyOf(targets);
        this.perTick = (int) (linesPerSecond * TICK_MILLIS / 1000);
    }

    /** Starts writing {@code linesPerSecond} lines in all, spread over the targets. */
    static PacedWriter start(String run, List<Target> targets, int linesPerSecond) {
        PacedWriter w = new PacedWriter(run, targets, linesPerSecond);
        w.thread.scheduleAtFixedRate(w::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        return w;
    }

    private void tick() {
        int first = written.get();
        long now = System.currentTimeMillis();
        StringBuilder[] chunks = new StringBuilder[targets.size()];
        for (int seq = first; seq < first + perTick; seq++) {
            int file = seq % targets.size();
            if (chunks[file] == null) {
                chunks[file] = new StringBuilder();
            }
            chunks[file]
                    .append(targets.get(file).format().format(run, seq, now))
                    .append('\n');
        }
        try {
            for (int i = 0; i < chunks.length; i++) {
                if (chunks[i] != null) {
                    Files.writeString(
                            targets.get(i).file(),
                            chunks[i],
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                }
            }
        } catch (IOException e) {
            failure.compareAndSet(null, e);
            throw new UncheckedIOException(e); // ends the schedule; stop() reports it
        }
        written.set(first + perTick);
    }

    /** Lines completely written so far: sequence numbers {@code 0 .. written()-1}. */
    int written() {
        return written.get();
    }

    /** Stops after the current tick and returns how many lines were written in all. */
    int stop() throws InterruptedException, IOException {
        thread.shutdown();
        if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the writer did not stop");
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return written.get();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
