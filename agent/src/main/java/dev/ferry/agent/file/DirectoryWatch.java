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
 */
final class DirectoryWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DirectoryWatch.class);
    /** Watches one source may hold; past it, the other directories rely on the periodic scan. */
    static final int MAX_DIRECTORIES = 4096;
    /** Rest after handling events, so a busy writer's stream of events costs a few wake-ups a second. */
    private static final long COALESCE_MILLIS = 10;

    private final String source;
    private final Runnable onCreate;
    private final Runnable onWrite;
    private final WatchService service;
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private final Thread thread;
    private boolean limitLogged;
    private volatile boolean complete;

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
    void watch(Set<Path> directories) {
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
                keys.put(dir, dir.register(service, ENTRY_CREATE, ENTRY_MODIFY));
            } catch (IOException | RuntimeException e) {
                limited(dir, e.toString()); // e.g. the user's inotify watch limit
            }
        }
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
            while (true) {
                WatchKey key = service.take();
                boolean created = false;
                boolean written = false;
                do {
                    for (WatchEvent<?> e : key.pollEvents()) {
                        created |= e.kind() == ENTRY_CREATE || e.kind() == OVERFLOW;
                        written |= e.kind() == ENTRY_MODIFY;
                    }
                    key.reset();
                    key = service.poll();
                } while (key != null);
                if (created) {
                    onCreate.run();
                } else if (written) {
                    onWrite.run();
                }
                TimeUnit.MILLISECONDS.sleep(COALESCE_MILLIS);
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed: the source stops
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
