package dev.ferry.agent.sink;

import dev.ferry.loki.AckListener;
import dev.ferry.loki.PushOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One endpoint of a {@link FanoutSink}: its own bounded buffer (the sink's), its own progress, and
 * its own re-sending of what it gave up on. It is either attached (positions wait for it: at-least-
 * once) or detached (it was full longer than the fanout's wait while another endpoint kept taking
 * entries: positions stop waiting for it, what it cannot hold is dropped for it alone, counted, until
 * it delivers a batch again).
 */
final class FanoutEndpoint {
    private static final Logger log = LoggerFactory.getLogger(FanoutSink.class);
    private static final long NOT_FULL = Long.MIN_VALUE;
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    final int index;
    final EntrySink sink;
    final String name;
    private final AckListener acks;
    private final Counter droppedFull;
    private final Counter droppedFailed;
    private final Counter resent;

    private volatile boolean detached;
    private volatile boolean stopping;
    private volatile long fullSinceNanos = NOT_FULL;
    /** Entries handed to the sink while attached and not yet acknowledged: released when it detaches. */
    private final Set<FanoutEntry> held = ConcurrentHashMap.newKeySet();
    /**
     * Entries the sink gave up on, to send it again (never to the other endpoints). Bounded: entries
     * come here only from the sink's buffer, and no new entry goes to the sink while any wait here.
     */
    private final LinkedBlockingQueue<FanoutEntry> resendQueue = new LinkedBlockingQueue<>();
    /** Queued plus being pushed by the re-sender: while above 0 the endpoint takes no new entries. */
    private final AtomicInteger resending = new AtomicInteger();

    private final Thread resender;

    private long lastWarnNanos = Long.MIN_VALUE;
    private long droppedSinceWarn;

    FanoutEndpoint(int index, EntrySink sink, AckListener acks, MeterRegistry meters) {
        this.index = index;
        this.sink = sink;
        this.name = sink.name();
        this.acks = acks;
        this.droppedFull = dropped(meters, "full");
        this.droppedFailed = dropped(meters, "failed");
        this.resent = Counter.builder("ferry.sink.entries.resent")
                .description("Entries an endpoint gave up on (retries used up) and was given again, alone")
                .tag("endpoint", name)
                .register(meters);
        Gauge.builder("ferry.sink.endpoint.detached", this, e -> e.detached ? 1 : 0)
                .description("1 while positions do not wait for this endpoint (it was full, others kept going)")
                .tag("endpoint", name)
                .register(meters);
        this.resender =
                Thread.ofPlatform().daemon().name("ferry-resend-" + name).start(this::resendLoop);
    }

    private Counter dropped(MeterRegistry meters, String reason) {
        return Counter.builder("ferry.sink.entries.dropped")
                .description("Entries one endpoint of several never got (its buffer was full, or it gave up on"
                        + " them while detached); the other endpoints did")
                .tag("endpoint", name)
                .tag("reason", reason)
                .register(meters);
    }

    boolean detached() {
        return detached;
    }

    /** Hands {@code e} to the sink if it has room now; the position then waits for the sink's answer. */
    boolean offer(FanoutEntry e) {
        if (resending.get() > 0) {
            markFull();
            return false;
        }
        held.add(e); // before the sink sees it: its answer may come at once
        if (sink.offer(e.tenant, e.labels, e.entry, e)) {
            fullSinceNanos = NOT_FULL;
            return true;
        }
        held.remove(e);
        markFull();
        return false;
    }

    /** Detached: the position does not wait; the sink gets {@code e} if it has room, else it is dropped for it. */
    void offerDetached(FanoutEntry e) {
        e.release(index, PushOutcome.SENT, acks);
        if (!sink.offer(e.tenant, e.labels, e.entry, e)) {
            dropped(droppedFull);
        }
    }

    /** Gives {@code e} up for this endpoint: dropped, counted; the position does not wait for it. */
    void drop(FanoutEntry e) {
        e.release(index, PushOutcome.SENT, acks);
        dropped(droppedFull);
    }

    /** Shutting down: {@code e} is not taken, so its source must read it again. */
    void fail(FanoutEntry e) {
        e.release(index, PushOutcome.FAILED, acks);
    }

    /**
     * True when a new entry may go to the sink without waiting (advisory). Only a taken entry ends a
     * full spell: a sink a little below its bound says it has room yet refuses a whole entry.
     */
    boolean hasRoom() {
        if (resending.get() == 0 && sink.hasRoom()) {
            return true;
        }
        markFull();
        return false;
    }

    /** How long the endpoint has been seen full without a break, in nanoseconds (0 when it is not). */
    long fullFor(long now) {
        long since = fullSinceNanos;
        return since == NOT_FULL ? 0 : now - since;
    }

    private void markFull() {
        if (fullSinceNanos == NOT_FULL) {
            fullSinceNanos = System.nanoTime();
        }
    }

    /** The sink's answer for {@code e}. */
    void acknowledged(FanoutEntry e, PushOutcome outcome) {
        held.remove(e);
        if (outcome == PushOutcome.FAILED) {
            failed(e);
            return;
        }
        if (outcome == PushOutcome.SENT && detached) {
            attach();
        }
        e.release(index, outcome, acks);
    }

    private void failed(FanoutEntry e) {
        if (!e.heldBy(index)) {
            dropped(droppedFailed); // sent while detached, best effort: lost for this endpoint alone
        } else if (stopping) {
            e.release(index, PushOutcome.FAILED, acks); // the source reads it again after the restart
        } else if (detached) {
            e.release(index, PushOutcome.SENT, acks); // the others have it; positions do not wait for this one
            dropped(droppedFailed);
        } else {
            resent.increment();
            resending.incrementAndGet();
            resendQueue.add(e);
        }
    }

    /** Stops holding positions back: everything held is released, everything waiting to be re-sent dropped. */
    void detach(long fullNanos) {
        detached = true;
        log.warn(
                "loki endpoint={} has been full for {}ms while other endpoints take entries: positions no longer"
                        + " wait for it, and what it cannot hold is dropped for it alone (ferry_sink_entries_dropped_total)"
                        + " until it delivers again",
                name,
                TimeUnit.NANOSECONDS.toMillis(fullNanos));
        for (FanoutEntry e : held) {
            held.remove(e);
            e.release(index, PushOutcome.SENT, acks);
        }
        FanoutEntry e;
        while ((e = resendQueue.poll()) != null) {
            resending.decrementAndGet();
            e.release(index, PushOutcome.SENT, acks);
            dropped(droppedFailed);
        }
    }

    private void attach() {
        detached = false;
        fullSinceNanos = NOT_FULL;
        log.info("loki endpoint={} delivers again: positions wait for it again", name);
    }

    private void dropped(Counter reason) {
        reason.increment();
        long now = System.nanoTime();
        long count;
        synchronized (this) {
            droppedSinceWarn++;
            if (lastWarnNanos != Long.MIN_VALUE && now - lastWarnNanos < WARN_INTERVAL_NANOS) {
                return;
            }
            lastWarnNanos = now;
            count = droppedSinceWarn;
            droppedSinceWarn = 0;
        }
        log.warn(
                "loki endpoint={} dropped {} entries the other endpoints have: it is full or down"
                        + " (logged at most every 10s; see ferry_sink_entries_dropped_total)",
                name,
                count);
    }

    /** From now on nothing is re-sent: what fails is read again by its source after the restart. */
    void stopWaiting() {
        stopping = true;
        sink.stopWaiting();
    }

    /** Ends the re-sender; what it still holds is failed back to its sources. */
    void stopResending() {
        stopping = true;
        resender.interrupt();
        try {
            resender.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        FanoutEntry e;
        while ((e = resendQueue.poll()) != null) {
            e.release(index, PushOutcome.FAILED, acks);
        }
    }

    private void resendLoop() {
        while (true) {
            FanoutEntry e;
            try {
                e = resendQueue.take();
            } catch (InterruptedException stop) {
                return;
            }
            held.add(e);
            try {
                sink.push(e.tenant, e.labels, e.entry, e);
            } catch (InterruptedException stop) {
                held.remove(e);
                e.release(index, PushOutcome.FAILED, acks);
                return;
            } finally {
                resending.decrementAndGet();
            }
        }
    }
}
