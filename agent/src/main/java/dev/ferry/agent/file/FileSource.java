package dev.ferry.agent.file;

import dev.ferry.agent.positions.AckToken;
import dev.ferry.agent.positions.PositionStore;
import dev.ferry.loki.AckListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code file} source: one reader thread that scans the globs every {@code sync_period}, and at once
 * when a watched directory gets a new file ({@link DirectoryWatch}), and reads every open file in turn
 * into one reused buffer, handing lines to a {@link LineSink}. Positions
 * move only on acknowledgements: settle the tokens through {@link #ackListener()}, and the {@link
 * PositionStore} saves each file's committed offset at its syncs.
 *
 * <p>Shutdown order for the wiring: {@link #close()} (stop reading), flush the pipeline and close the
 * client (acks still arrive and are counted), then close the store (final save).
 */
public final class FileSource implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FileSource.class);
    private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /**
     * The longest an idle reader sleeps when inotify watches every directory it reads in: writes
     * wake it at once, so polling is only the fallback for a missed event.
     */
    private static final long MAX_WATCHED_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Least time between two scans asked for by events, so a storm of new files costs a bounded number. */
    private static final long MIN_EVENT_SCAN_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final FileSourceConfig config;
    private final PositionStore store;
    private final Clock clock;
    private final FileTailer tailer;
    private final FileSourceMetrics metrics;
    private volatile boolean stopping;
    private volatile boolean waitingForRoom;
    private volatile boolean scanRequested;
    private Thread thread;
    private DirectoryWatch watch;

    /**
     * @param sink receives every line; refuse (return false) when full
     * @param store where positions are looked up at start and saved; the source registers itself
     * @param meters where the source's metrics go (tag {@code source} = the config's name)
     * @param clock the read time of lines and the scan schedule
     */
    public FileSource(FileSourceConfig config, LineSink sink, PositionStore store, MeterRegistry meters, Clock clock) {
        this(config, FileLabeler.staticLabels(config.labels()), () -> LineFramer.PLAIN, sink, store, meters, clock);
    }

    /**
     * A source whose files get their labels from {@code labeler} (instead of the config's static
     * labels) and whose lines pass through a framer of {@code framers} per file: how Kubernetes files
     * mode reuses the tailer.
     */
    public FileSource(
            FileSourceConfig config,
            FileLabeler labeler,
            Supplier<LineFramer> framers,
            LineSink sink,
            PositionStore store,
            MeterRegistry meters,
            Clock clock) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        FileTailer[] self = new FileTailer[1];
        this.metrics = new FileSourceMetrics(
                meters,
                config.name(),
                () -> self[0] == null ? 0 : self[0].openFiles(),
                () -> self[0] == null ? 0 : self[0].waitingFiles());
        this.tailer = new FileTailer(config, labeler, framers, new StoppableSink(sink), store, clock, metrics);
        self[0] = tailer;
    }

    /**
     * Once stopping, lines are refused (read again at the next start) instead of handed to a sink
     * that, shutting down, would fail each one: the reader stops where it is.
     */
    private final class StoppableSink implements LineSink {
        private final LineSink sink;

        StoppableSink(LineSink sink) {
            this.sink = sink;
        }

        @Override
        public boolean offer(FileTarget target, String line, long readTimeEpochNanos, Object ackToken) {
            return !stopping && sink.offer(target, line, readTimeEpochNanos, ackToken);
        }

        @Override
        public boolean offerAscii(FileTarget target, String line, long readTimeEpochNanos, Object ackToken) {
            return !stopping && sink.offerAscii(target, line, readTimeEpochNanos, ackToken);
        }
    }

    /** Starts the reader thread; the first scan happens at once. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        store.register(config.name(), tailer);
        watch = new DirectoryWatch(config.name(), this::requestScan, this::wakeUp);
        thread = new Thread(this::run, "ferry-file-" + config.name());
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long syncNanos = config.syncPeriod().toNanos();
        long pollNanos = config.pollInterval().toNanos();
        long nextScan = System.nanoTime();
        long lastScan = nextScan - MIN_EVENT_SCAN_GAP_NANOS;
        long backoff = MIN_BACKOFF_NANOS;
        long idleNanos = pollNanos;
        while (!stopping) {
            try {
                long now = System.nanoTime();
                if (now - nextScan >= 0 || (scanRequested && now - lastScan >= MIN_EVENT_SCAN_GAP_NANOS)) {
                    scanRequested = false;
                    tailer.scan();
                    watch.watch(tailer.directories());
                    lastScan = now;
                    nextScan = now + syncNanos;
                }
                int r = tailer.pump();
                waitingForRoom = r == LineReader.REFUSED;
                if (r == LineReader.PROGRESS) {
                    watch.readerProgressed();
                    backoff = MIN_BACKOFF_NANOS;
                    idleNanos = pollNanos;
                } else if (r == LineReader.REFUSED) {
                    LockSupport.parkNanos(this, backoff); // downstream full: retry soon, a little later each time
                    backoff = Math.min(pollNanos, backoff * 2);
                } else {
                    long until = scanRequested ? lastScan + MIN_EVENT_SCAN_GAP_NANOS : nextScan;
                    LockSupport.parkNanos(this, Math.max(0, Math.min(idleNanos, until - System.nanoTime())));
                    // nothing to read: with every write seen through inotify, poll less and less often
                    idleNanos = watch.watchesAll() && !tailer.followsSymlinks()
                            ? Math.min(Math.max(pollNanos, MAX_WATCHED_IDLE_NANOS), idleNanos * 2)
                            : pollNanos;
                }
            } catch (RuntimeException e) {
                metrics.readErrors.increment();
                log.error("file source loop failed source={} error=\"{}\"", config.name(), e.toString(), e);
                LockSupport.parkNanos(this, pollNanos);
            }
        }
    }

    /** True while downstream refused this source's last line: it reads again when woken or soon after. */
    public boolean waitingForRoom() {
        return waitingForRoom;
    }

    /** Wakes the reader: call when downstream has room again after refusing a line. */
    public void wakeUp() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Scans the globs at once instead of at the next sync period (e.g. a pod whose files wait appeared). */
    public void requestScan() {
        scanRequested = true;
        wakeUp();
    }

    /** Settles this source's tokens (the same as {@link AckToken#LISTENER}). */
    public AckListener ackListener() {
        return AckToken.LISTENER;
    }

    /** Every open file, for {@code /status}. */
    public List<FileTargetStatus> status() {
        return tailer.status();
    }

    /** The source's name. */
    public String name() {
        return config.name();
    }

    /**
     * Tells the reader to stop without waiting for it: from its next line on it takes nothing. Call
     * before a full sink stops waiting for room, so the reader does not read on only to fail lines.
     */
    public void stopReading() {
        stopping = true;
        wakeUp();
    }

    /** Stops the reader and closes the files; positions keep being reported to the store. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            stopping = true;
            t = thread;
            if (watch != null) {
                watch.close();
            }
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        tailer.close();
    }
}
