package dev.ferry.agent.run;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that lets time pass for pipelines and sources: every 100 ms while something waits on
 * time (a multiline block, a source refused for lack of room), otherwise resting up to a second
 * until {@link #nudge} says an entry is held again, so an idle agent wakes once a second, not ten
 * times.
 */
final class PipelineTicker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PipelineTicker.class);

    /** What the ticker drives. */
    interface Work {
        /** Releases what waited long enough and wakes sources that wait for room. */
        void tick();

        /** True while something only a later tick releases is held, or a source waits for room. */
        boolean waitsOnTime();
    }

    private final Work work;
    private final long busyNanos;
    private final long restNanos;
    private final Thread thread;
    private volatile boolean resting;
    private volatile boolean stopped;

    PipelineTicker(Work work, long busyMillis, long restMillis) {
        this.work = work;
        this.busyNanos = TimeUnit.MILLISECONDS.toNanos(busyMillis);
        this.restNanos = TimeUnit.MILLISECONDS.toNanos(restMillis);
        this.thread = new Thread(this::run, "ferry-ticker");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** True while the ticker rests: a caller that just left an entry held must {@link #nudge}. */
    boolean resting() {
        return resting;
    }

    /** Ends a rest at once (something is held now). */
    void nudge() {
        if (resting) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        while (!stopped) {
            boolean busy;
            try {
                work.tick();
                busy = work.waitsOnTime();
                if (!busy) {
                    // announce the rest before looking again: an entry held after this look nudges
                    resting = true;
                    busy = work.waitsOnTime();
                }
            } catch (RuntimeException e) {
                log.error("pipeline tick failed: {}", e.toString());
                busy = true;
            }
            LockSupport.parkNanos(this, busy ? busyNanos : restNanos);
            resting = false;
        }
    }

    @Override
    public void close() {
        stopped = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
