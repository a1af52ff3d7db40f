package dev.ferry.agent.file;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a file source at once when a directory its globs walk changes (inotify on Linux, through
 * java.nio's {@link WatchService}): a file created or renamed into it, or lost events (overflow), ask
 * for a scan; a write wakes the reader. The periodic scan stays: when watching is impossible (no
 * inotify, the user's watch limit reached) only latency is lost, never a file.
 *
 * <p>While files are written faster than the reader is woken, writes stop being watched: the JDK's
 * watch thread would otherwise turn every write into an event (at 20k lines/s over 200 files, a
 * fifth of the agent's CPU). The reader is then woken every {@link #WRITE_WAKE_GAP_NANOS} as long as
 * it finds lines, which is what the events amounted to, and writes are watched again after a wake
 * that found nothing.
 */
final class DirectoryWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DirectoryWatch.class);
    /** Watches one source may hold; past it, the other directories rely on the periodic scan. */
    static final int MAX_DIRECTORIES = 4096;
    /** Rest after handling events, so a busy writer's stream of events is taken in a few handfuls. */
    private static final long COALESCE_MILLIS = 10;
    /**
     * Time per wake for writes. A write after a quiet spell wakes the reader at once; under a stream
     * of writes each wake costs a read of every open file, so the reader is woken about ten times a
     * second and reads what came since in one go (measured on 20k lines/s over 200 files: waking on
     * every 10 ms of events cost twice the CPU).
     */
    static final long WRITE_WAKE_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Wakes that may come closer together than the gap. */
    static final int WAKE_BURST = 2;
    /** Wakes in a row that writes had to wait for before writes stop being watched. */
    static final int THROTTLED_WAKES_TO_STREAM = 3;
    // what drain() saw: a file created or events lost; a file written
    private static final int CREATED = 1;
    private static final int WRITTEN = 2;

    private final String source;
    private final Runnable onCreate;
    private final Runnable onWrite;
    private final WatchService service;
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private final Thread thread;
    private boolean limitLogged;
    private volatile boolean complete;
    private volatile boolean readerProgressed;
    private volatile boolean streaming; // writes not watched: the reader is woken on a clock

    /**
     * @param onCreate called (on the watch thread) when a file appeared or events were lost
     * @param onWrite called when a file was written
     */
    DirectoryWatch(String source, Runnable onCreate, Runnable onWrite) {
        this.source = source;
        this.onCreate = onCreate;
        this.onWrite = onWrite;
        WatchService s;
        try {
            s = FileSystems.getDefault().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            log.warn(
                    "cannot watch directories source={} error=\"{}\"; new files are found at each sync_period",
                    source,
                    e.toString());
            s = null;
        }
        this.service = s;
        this.thread = s == null ? null : new Thread(this::run, "ferry-watch-" + source);
        if (thread != null) {
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Watches exactly {@code directories} (from the reader thread, after each scan). */
    synchronized void watch(Set<Path> directories) {
        if (service == null) {
            return;
        }
        complete = true; // until a directory cannot be watched
        for (Iterator<Map.Entry<Path, WatchKey>> it = keys.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Path, WatchKey> e = it.next();
            if (!directories.contains(e.getKey()) || !e.getValue().isValid()) {
                e.getValue().cancel(); // gone, or deleted and maybe created again: registered anew below
                it.remove();
            }
        }
        for (Path dir : directories) {
            if (keys.containsKey(dir)) {
                continue;
            }
            if (keys.size() >= MAX_DIRECTORIES) {
                limited(dir, "more than " + MAX_DIRECTORIES + " directories");
                return;
            }
            try {
                keys.put(dir, register(dir));
            } catch (IOException | RuntimeException e) {
                limited(dir, e.toString()); // e.g. the user's inotify watch limit
            }
        }
    }

    private WatchKey register(Path dir) throws IOException {
        return streaming ? dir.register(service, ENTRY_CREATE) : dir.register(service, ENTRY_CREATE, ENTRY_MODIFY);
    }

    /** Watches writes again ({@code false}) or stops watching them; the keys stay the same. */
    private synchronized void streaming(boolean on) {
        streaming = on;
        for (Map.Entry<Path, WatchKey> e : keys.entrySet()) {
            try {
                register(e.getKey()); // re-registering an already registered directory changes its events
            } catch (IOException | RuntimeException ex) {
                complete = false; // deleted meanwhile: the next scan sorts it out
            }
        }
    }

    /** The reader found lines: while writes are not watched, it is woken again after the gap. */
    void readerProgressed() {
        readerProgressed = true;
    }

    /** True while writes are not watched and the reader is woken on a clock instead (tests, /status). */
    boolean streaming() {
        return streaming;
    }

    private void limited(Path dir, String why) {
        complete = false;
        if (!limitLogged) {
            limitLogged = true;
            log.warn(
                    "directory not watched source={} path=\"{}\" reason=\"{}\"; its new files are found at each"
                            + " sync_period",
                    source,
                    dir,
                    why);
        }
    }

    /** True when every directory of the last {@link #watch} is watched: a write anywhere wakes the reader. */
    boolean watchesAll() {
        return complete;
    }

    private void run() {
        try {
            // a token bucket of wakes: refills one per WRITE_WAKE_GAP, holds two, so a writer's jitter
            // never pushes a wake later while a stream of writes still gets ten a second
            long credit = WAKE_BURST * WRITE_WAKE_GAP_NANOS;
            long last = System.nanoTime();
            boolean wakePending = false;
            long pendingSince = 0;
            int throttled = 0;
            while (true) {
                if (streaming) {
                    streamTick();
                    credit = WAKE_BURST * WRITE_WAKE_GAP_NANOS;
                    last = System.nanoTime();
                    wakePending = false;
                    throttled = 0;
                    continue;
                }
                // credit was counted at `last`: the rest since then counts towards the next wake
                WatchKey key = wakePending
                        ? service.poll(last + WRITE_WAKE_GAP_NANOS - credit - System.nanoTime(), TimeUnit.NANOSECONDS)
                        : service.take();
                int seen = drain(key);
                boolean created = (seen & CREATED) != 0;
                boolean written = (seen & WRITTEN) != 0;
                long now = System.nanoTime();
                if (written && !wakePending) {
                    wakePending = true;
                    pendingSince = now;
                }
                credit = Math.min(WAKE_BURST * WRITE_WAKE_GAP_NANOS, credit + (now - last));
                last = now;
                if (created) {
                    onCreate.run(); // wakes the reader too
                    wakePending = false;
                } else if (wakePending && credit >= WRITE_WAKE_GAP_NANOS) {
                    // a write that had to wait for credit means writes come faster than the reader is woken
                    throttled =
                            now - pendingSince > 2 * TimeUnit.MILLISECONDS.toNanos(COALESCE_MILLIS) ? throttled + 1 : 0;
                    readerProgressed = false;
                    onWrite.run();
                    wakePending = false;
                    credit -= WRITE_WAKE_GAP_NANOS;
                    if (throttled >= THROTTLED_WAKES_TO_STREAM) {
                        streaming(true);
                    }
                }
                TimeUnit.MILLISECONDS.sleep(COALESCE_MILLIS);
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed: the source stops
        }
    }

    /**
     * Takes the events of {@code key} (may be null) and of every key queued behind it: {@link
     * #CREATED} for a new file or lost events, {@link #WRITTEN} for a write.
     */
    private int drain(WatchKey key) {
        int seen = 0;
        while (key != null) {
            for (WatchEvent<?> e : key.pollEvents()) {
                if (e.kind() == ENTRY_CREATE || e.kind() == OVERFLOW) {
                    seen |= CREATED;
                } else if (e.kind() == ENTRY_MODIFY) {
                    seen |= WRITTEN;
                }
            }
            key.reset();
            key = service.poll();
        }
        return seen;
    }

    /**
     * One gap while writes are not watched: new files still ask for a scan; the reader is woken if
     * it found lines since the last wake, else writes are watched again and it reads once more, for
     * what was written before the watch came back.
     */
    private void streamTick() throws InterruptedException {
        long until = System.nanoTime() + WRITE_WAKE_GAP_NANOS;
        boolean created = false;
        for (long left = WRITE_WAKE_GAP_NANOS; left > 0; left = until - System.nanoTime()) {
            created |= (drain(service.poll(left, TimeUnit.NANOSECONDS)) & CREATED) != 0;
        }
        if (!readerProgressed) {
            streaming(false);
        }
        readerProgressed = false;
        if (created) {
            onCreate.run(); // wakes the reader too
        } else {
            onWrite.run();
        }
    }

    @Override
    public void close() {
        if (service == null) {
            return;
        }
        try {
            service.close();
        } catch (IOException ignored) {
            // nothing to flush
        }
        thread.interrupt();
    }
}
