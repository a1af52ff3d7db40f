package dev.ferry.agent.positions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every source's saved positions, kept in {@code positions.yaml} in one directory. At each sync the
 * store asks every registered {@link PositionReporter} for its live targets and writes the file (temp
 * file, fsync, atomic rename) only when a position changed. A corrupt or unreadable file is moved
 * aside and the agent starts with no positions. Targets no source has reported for {@code
 * forget_after} of this process's run time are forgotten.
 *
 * <p>Syncs happen soon after acknowledgements ({@link #requestSync()}, coalesced: one sync at a
 * time, at most one every {@link #MIN_WRITE_INTERVAL}), so a crash repeats little more than the
 * batch that was in flight; every {@code sync_period} is the fallback for changes no
 * acknowledgement announces (skipped bytes, forgotten targets).
 */
public final class PositionStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PositionStore.class);
    static final String FILE_NAME = "positions.yaml";
    private static final DateTimeFormatter CORRUPT_SUFFIX =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /**
     * Where and how often positions are saved.
     *
     * @param directory holds {@code positions.yaml}; created if missing
     * @param syncPeriod how often positions are written when they changed (default 10s, as Promtail)
     * @param forgetAfter how long a target no source reports is kept (default 1h)
     */
    public record Config(Path directory, Duration syncPeriod, Duration forgetAfter) {
        public static final Duration DEFAULT_SYNC_PERIOD = Duration.ofSeconds(10);
        public static final Duration DEFAULT_FORGET_AFTER = Duration.ofHours(1);

        public Config {
            if (directory == null) {
                throw new IllegalArgumentException("positions: directory is required");
            }
            syncPeriod = syncPeriod == null ? DEFAULT_SYNC_PERIOD : syncPeriod;
            forgetAfter = forgetAfter == null ? DEFAULT_FORGET_AFTER : forgetAfter;
            if (syncPeriod.isNegative() || syncPeriod.isZero()) {
                throw new IllegalArgumentException("positions: sync_period must be positive, got " + syncPeriod);
            }
            if (forgetAfter.isNegative()) {
                throw new IllegalArgumentException("positions: forget_after must not be negative, got " + forgetAfter);
            }
        }
    }

    private final Config config;
    private final Clock clock;
    private final Path file;
    private final long loadedAtMillis;
    private final Set<String> sourcesAtLoad;
    private final Counter writes;
    private final Counter writeErrors;
    private final Map<String, Map<String, SavedPosition>> current = new HashMap<>();
    private Map<String, Map<String, SavedPosition>> written = new HashMap<>();
    private final Map<String, PositionReporter> reporters = new LinkedHashMap<>();
    private final long minWriteIntervalNanos;
    private final AtomicBoolean syncRequested = new AtomicBoolean();
    private volatile long lastSyncNanos = System.nanoTime();
    private volatile ScheduledExecutorService scheduler;
    private boolean closed;

    /**
     * The shortest time between two syncs asked for by acknowledgements (or {@code sync_period} when
     * shorter): at most ten writes a second, however many batches Loki acknowledges.
     */
    public static final Duration MIN_WRITE_INTERVAL = Duration.ofMillis(100);

    private PositionStore(Config config, Clock clock, MeterRegistry meters) {
        this.config = config;
        this.clock = clock;
        this.file = config.directory().resolve(FILE_NAME);
        this.loadedAtMillis = clock.millis();
        this.minWriteIntervalNanos =
                Math.min(MIN_WRITE_INTERVAL.toNanos(), config.syncPeriod().toNanos());
        this.writes = Counter.builder("ferry.positions.writes")
                .description("Times positions.yaml was rewritten")
                .register(meters);
        this.writeErrors = Counter.builder("ferry.positions.write.errors")
                .description("Failed writes of positions.yaml")
                .register(meters);
        Map<String, Map<String, SavedPosition>> loaded = load();
        for (Map.Entry<String, Map<String, SavedPosition>> e : loaded.entrySet()) {
            current.put(e.getKey(), new HashMap<>(e.getValue()));
            written.put(e.getKey(), new HashMap<>(e.getValue()));
        }
        this.sourcesAtLoad = Set.copyOf(loaded.keySet());
    }

    /**
     * Opens the store: creates the directory, loads {@code positions.yaml} (moving a corrupt one
     * aside). Call {@link #start()} to save periodically.
     *
     * @throws IllegalStateException when the directory cannot be created
     */
    public static PositionStore open(Config config, Clock clock, MeterRegistry meters) {
        try {
            Files.createDirectories(config.directory());
        } catch (IOException e) {
            throw new IllegalStateException("positions: cannot create directory " + config.directory() + ": " + e
                    + " (set positions.directory to a writable path)");
        }
        return new PositionStore(config, clock, meters);
    }

    private Map<String, Map<String, SavedPosition>> load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            return setAside("cannot be read: " + e);
        }
        try {
            Map<String, Map<String, SavedPosition>> loaded = PositionsFile.read(text, loadedAtMillis);
            int targets = loaded.values().stream().mapToInt(Map::size).sum();
            log.info("positions loaded file={} sources={} targets={}", file, loaded.size(), targets);
            return loaded;
        } catch (IllegalArgumentException e) {
            return setAside("is corrupt: " + e.getMessage());
        }
    }

    private Map<String, Map<String, SavedPosition>> setAside(String problem) {
        Path aside = file.resolveSibling(FILE_NAME + ".corrupt-" + CORRUPT_SUFFIX.format(clock.instant()));
        for (int i = 1; Files.exists(aside); i++) {
            aside = file.resolveSibling(FILE_NAME + ".corrupt-" + CORRUPT_SUFFIX.format(clock.instant()) + "-" + i);
        }
        String what;
        try {
            Files.move(file, aside);
            what = "moved it to " + aside;
        } catch (IOException e) {
            what = "could not move it aside (" + e + ")";
        }
        log.error(
                "positions file {} {}; {} and starting with no positions: files are read again per tail_from_end,"
                        + " streams from their start",
                file,
                problem,
                what);
        return Map.of();
    }

    /**
     * Saves positions on a thread of the store's own, until {@link #close()}: soon after {@link
     * #requestSync()}, and every sync period in any case.
     */
    public synchronized void start() {
        if (scheduler != null || closed) {
            return;
        }
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-positions");
            t.setDaemon(true);
            return t;
        });
        long period = config.syncPeriod().toMillis();
        s.scheduleWithFixedDelay(this::syncQuietly, period, period, TimeUnit.MILLISECONDS);
        scheduler = s;
    }

    /**
     * A position may have moved (an entry was acknowledged): syncs soon, on the store's thread.
     * Called for every acknowledged entry, from any thread, so it costs one volatile read when a
     * sync is already due; calls are coalesced into one sync no sooner than {@link
     * #MIN_WRITE_INTERVAL} after the previous one. Before {@link #start()} and after {@link
     * #close()} it does nothing (close saves anyway).
     */
    public void requestSync() {
        if (syncRequested.get() || !syncRequested.compareAndSet(false, true)) {
            return;
        }
        ScheduledExecutorService s = scheduler;
        if (s == null) {
            syncRequested.set(false);
            return;
        }
        long wait = lastSyncNanos + minWriteIntervalNanos - System.nanoTime();
        try {
            s.schedule(this::requestedSync, Math.max(0, wait), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closing: close() saves once more
        }
    }

    private void requestedSync() {
        syncRequested.set(false); // before the sync: an acknowledgement during the write asks for the next one
        syncQuietly();
    }

    /** Registers the source that reports targets under {@code source}; replaces an earlier one. */
    public synchronized void register(String source, PositionReporter reporter) {
        reporters.put(source, reporter);
    }

    /** Stops asking {@code source}; its targets are forgotten after {@code forget_after}. */
    public synchronized void unregister(String source) {
        reporters.remove(source);
    }

    /** The saved position of one target (loaded, or last reported), or {@code null}. */
    public synchronized SavedPosition lookup(String source, String key) {
        Map<String, SavedPosition> targets = current.get(source);
        return targets == null ? null : targets.get(key);
    }

    /**
     * True when the file loaded at start held positions of {@code source}: the source ran before, so a
     * target without a position is new (and read from its start).
     */
    public boolean knewAtStart(String source) {
        return sourcesAtLoad.contains(source);
    }

    /** Asks every source, forgets targets gone too long, and writes the file when anything changed. */
    public synchronized void sync() {
        long now = clock.millis();
        Map<String, Set<String>> reported = new HashMap<>();
        for (Map.Entry<String, PositionReporter> r : reporters.entrySet()) {
            String source = r.getKey();
            Map<String, SavedPosition> targets = current.computeIfAbsent(source, k -> new HashMap<>());
            Set<String> seen = reported.computeIfAbsent(source, k -> new HashSet<>());
            r.getValue().report((key, position, aux, attributes) -> {
                targets.put(key, new SavedPosition(key, position, aux, attributes, now));
                seen.add(key);
            });
        }
        forget(now, reported);
        if (changed()) {
            write();
        }
        lastSyncNanos = System.nanoTime();
    }

    private void forget(long now, Map<String, Set<String>> reported) {
        long limit = config.forgetAfter().toMillis();
        for (Iterator<Map.Entry<String, Map<String, SavedPosition>>> sources =
                        current.entrySet().iterator();
                sources.hasNext(); ) {
            Map.Entry<String, Map<String, SavedPosition>> source = sources.next();
            Set<String> live = reported.getOrDefault(source.getKey(), Set.of());
            source.getValue().values().removeIf(p -> {
                // a target loaded from the file counts as seen at load: being down never forgets anything
                long seen = Math.max(p.seenMillis(), loadedAtMillis);
                return !live.contains(p.key()) && now - seen > limit;
            });
            if (source.getValue().isEmpty() && !reporters.containsKey(source.getKey())) {
                sources.remove();
            }
        }
    }

    private boolean changed() {
        if (!current.keySet().equals(written.keySet())) {
            return true;
        }
        // "seen" is refreshed in the file often enough for forget_after, not at every sync
        long refresh = Math.max(1, config.forgetAfter().toMillis() / 2);
        for (Map.Entry<String, Map<String, SavedPosition>> source : current.entrySet()) {
            Map<String, SavedPosition> before = written.get(source.getKey());
            if (before.size() != source.getValue().size()) {
                return true;
            }
            for (SavedPosition p : source.getValue().values()) {
                SavedPosition old = before.get(p.key());
                if (!p.sameAs(old) || p.seenMillis() - old.seenMillis() >= refresh) {
                    return true;
                }
            }
        }
        return false;
    }

    private void write() {
        String text = PositionsFile.write(current);
        Path temp = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(
                    temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory();
            Map<String, Map<String, SavedPosition>> copy = new HashMap<>();
            current.forEach((source, targets) -> copy.put(source, new HashMap<>(targets)));
            written = copy;
            writes.increment();
        } catch (IOException e) {
            writeErrors.increment();
            log.error(
                    "positions not saved file={} error=\"{}\"; they stay in memory and are retried at the next sync",
                    file,
                    e.toString());
        }
    }

    /** Makes the rename durable; some file systems cannot sync a directory, which only costs durability. */
    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("directory not synced dir={} error=\"{}\"", file.getParent(), e.toString());
        }
    }

    private void syncQuietly() {
        try {
            sync();
        } catch (RuntimeException e) {
            log.error("positions sync failed error=\"{}\"", e.toString(), e);
        }
    }

    /** Path of {@code positions.yaml}. */
    public Path file() {
        return file;
    }

    /** Stops the periodic sync and saves once more. */
    @Override
    public void close() {
        ScheduledExecutorService s;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            s = scheduler;
        }
        if (s != null) {
            s.shutdown();
            try {
                s.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sync();
    }
}
