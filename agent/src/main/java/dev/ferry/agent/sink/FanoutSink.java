package dev.ferry.agent.sink;

import dev.ferry.loki.AckListener;
import dev.ferry.loki.Labels;
import dev.ferry.loki.LogEntry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends every entry to several endpoints, each with its own bounded buffer and its own progress,
 * so a healthy endpoint keeps receiving while another is down. The rule:
 *
 * <ul>
 *   <li>An entry's source position moves once every endpoint has settled it (sent, rejected, or
 *       dropped for that endpoint); the source is told the least settled outcome.
 *   <li>An endpoint that gives up on an entry (retries used up) is given it again, alone: the other
 *       endpoints never see it twice.
 *   <li>A full endpoint makes {@link #push} wait, at-least-once, like a single endpoint. When it has
 *       been full for {@code fullWait} while another endpoint took the entry, it is detached: positions
 *       stop waiting for it, the entries it holds are released, and entries it has no room for are
 *       dropped for it alone, counted in {@code ferry_sink_entries_dropped_total{endpoint}} and logged
 *       at most every 10 s (Vector's {@code when_full: drop_newest}, per endpoint). It is attached
 *       again when it delivers a batch. When every endpoint is full, push waits without limit:
 *       at least one endpoint always keeps at-least-once.
 * </ul>
 *
 * Memory stays bounded: each endpoint holds at most its own buffer (plus what it re-sends, which
 * came from that buffer), and positions wait only for attached endpoints, whose buffers are bounded.
 */
public final class FanoutSink implements EntrySink {
    /** How long a full endpoint may hold the others up before it is detached. */
    public static final Duration DEFAULT_FULL_WAIT = Duration.ofSeconds(5);

    private static final long MIN_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final List<FanoutEndpoint> endpoints;
    private final long fullWaitNanos;
    private volatile boolean stopping;

    /**
     * @param sinks the endpoints; sink {@code i} must acknowledge through {@link #innerListener(int) innerListener(i)}
     * @param acks the sources' listener, told once per entry
     * @param fullWait how long a full endpoint may hold the others up before it is detached
     */
    public FanoutSink(List<EntrySink> sinks, AckListener acks, MeterRegistry meters, Duration fullWait) {
        if (sinks.size() < 2 || sinks.size() > FanoutEntry.MAX_ENDPOINTS) {
            throw new IllegalArgumentException(
                    "a fanout needs 2 to " + FanoutEntry.MAX_ENDPOINTS + " sinks, got " + sinks.size());
        }
        if (fullWait.isNegative()) {
            throw new IllegalArgumentException("fullWait must not be negative, got " + fullWait);
        }
        List<FanoutEndpoint> list = new ArrayList<>(sinks.size());
        for (int i = 0; i < sinks.size(); i++) {
            list.add(new FanoutEndpoint(i, sinks.get(i), acks, meters));
        }
        this.endpoints = List.copyOf(list);
        this.fullWaitNanos = fullWait.toNanos();
    }

    /** The listener inner sink {@code endpoint} must be built with: it reports to that endpoint. */
    public static AckListener innerListener(int endpoint) {
        return (token, outcome) -> {
            FanoutEntry e = (FanoutEntry) token;
            e.fanout.endpoints.get(endpoint).acknowledged(e, outcome);
        };
    }

    @Override
    public void push(String tenant, Labels labels, LogEntry entry, Object token) {
        // from here on the fanout entry owns the source's token: it is settled once, whatever happens
        FanoutEntry e = new FanoutEntry(this, tenant, labels, entry, token, endpoints.size());
        long waiting = 0; // endpoints (bits) that have no room for e yet
        boolean taken = false; // an attached endpoint has e: another may be detached rather than wait
        for (FanoutEndpoint ep : endpoints) {
            if (ep.detached()) {
                ep.offerDetached(e);
            } else if (ep.offer(e)) {
                taken = true;
            } else {
                waiting |= 1L << ep.index;
            }
        }
        // a full endpoint is polled, not waited on: the wait for one must end when another is detached
        long pause = MIN_PAUSE_NANOS;
        while (waiting != 0) {
            long now = System.nanoTime();
            for (FanoutEndpoint ep : endpoints) {
                long bit = 1L << ep.index;
                if ((waiting & bit) == 0) {
                    continue;
                }
                if (ep.detached()) {
                    ep.offerDetached(e);
                } else if (ep.offer(e)) {
                    taken = true;
                    pause = MIN_PAUSE_NANOS;
                } else if (stopping) {
                    ep.fail(e);
                } else if (taken && ep.fullFor(now) >= fullWaitNanos && detach(ep, now)) {
                    ep.drop(e);
                } else {
                    continue;
                }
                waiting &= ~bit;
            }
            if (waiting != 0) {
                LockSupport.parkNanos(pause);
                pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
                if (Thread.currentThread().isInterrupted()) {
                    failAll(e, waiting); // the flag stays set for the caller
                    return;
                }
            }
        }
    }

    /** Detaches {@code ep} unless it is the last attached endpoint: one always keeps at-least-once. */
    private synchronized boolean detach(FanoutEndpoint ep, long now) {
        if (ep.detached()) {
            return true;
        }
        for (FanoutEndpoint other : endpoints) {
            if (other != ep && !other.detached()) {
                ep.detach(ep.fullFor(now));
                return true;
            }
        }
        return false;
    }

    private void failAll(FanoutEntry e, long waiting) {
        for (FanoutEndpoint ep : endpoints) {
            if ((waiting & (1L << ep.index)) != 0) {
                ep.fail(e);
            }
        }
    }

    @Override
    public void stopWaiting() {
        stopping = true;
        for (FanoutEndpoint ep : endpoints) {
            ep.stopWaiting();
        }
    }

    /**
     * True when a push would not wait: some attached endpoint has room, and every attached endpoint
     * either has room or has been full longer than the wait (it will be detached).
     */
    @Override
    public boolean hasRoom() {
        long now = System.nanoTime();
        boolean room = false;
        for (FanoutEndpoint ep : endpoints) {
            if (ep.detached()) {
                continue;
            }
            if (ep.hasRoom()) {
                room = true;
            } else if (ep.fullFor(now) < fullWaitNanos) {
                return false;
            }
        }
        return room;
    }

    /** Closes every sink at once, so N endpoints drain within one shutdown_timeout, not N of them. */
    @Override
    public void close() {
        stopping = true;
        for (FanoutEndpoint ep : endpoints) {
            ep.stopWaiting();
        }
        List<Thread> closing = new ArrayList<>();
        for (FanoutEndpoint ep : endpoints) {
            closing.add(Thread.ofPlatform().name("ferry-sink-close").start(ep.sink::close));
        }
        for (Thread t : closing) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (FanoutEndpoint ep : endpoints) {
            ep.stopResending();
        }
    }

    @Override
    public String name() {
        return "fanout";
    }
}
