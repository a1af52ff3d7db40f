package dev.ferry.loki;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes entries to one Loki endpoint: batches them per tenant, encodes them as snappy-compressed
 * protobuf, sends one batch at a time (so each stream stays in order), retries what may pass, and
 * calls the {@link AckListener} exactly once for every token it was handed.
 *
 * <p>Memory is bounded: past {@code max_buffered_bytes} of unfinished entries, {@link #push} blocks
 * and {@link #offer} refuses, until Loki has taken some.
 */
public final class LokiClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LokiClient.class);

    private final LokiClientConfig config;
    private final AckListener acks;
    private final HttpTransport transport;
    private final LongSupplier nanoClock;
    private final LokiClientMetrics metrics;
    private final BatchPush push;
    private final BatchBuilder batches;
    private final Map<Labels, Labels> withExternalLabels = new ConcurrentHashMap<>();
    private final LogThrottle refusalLog = new LogThrottle(LogThrottle.DEFAULT_INTERVAL_NANOS);
    private final LogThrottle labelFixLog = new LogThrottle(LogThrottle.DEFAULT_INTERVAL_NANOS);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition work = lock.newCondition();
    private long bufferedBytes;
    private long senderWakeAt = Long.MIN_VALUE; // when the idle sender wakes; MIN_VALUE while it is busy
    private boolean closing;
    private boolean aborted;
    private boolean refuseWaiting;
    private final Thread sender;

    /** A client that sends over Netty; starts its sender thread. */
    public LokiClient(LokiClientConfig config, AckListener acks, MeterRegistry registry) {
        this(config, acks, registry, new NettyHttpTransport(config), System::nanoTime);
    }

    LokiClient(
            LokiClientConfig config,
            AckListener acks,
            MeterRegistry registry,
            HttpTransport transport,
            LongSupplier nanoClock) {
        this.config = config;
        this.acks = acks;
        this.transport = transport;
        this.nanoClock = nanoClock;
        this.metrics = new LokiClientMetrics(registry, config.name(), this::bufferedBytes);
        this.push = new BatchPush(config, transport, metrics, this::pause);
        // a few batches' worth of chunks is enough to recycle in steady flow; kept apart from the
        // bound on waiting entries, so at most this much more is held
        long pooled = Math.min(4L * config.batchSizeBytes(), config.maxBufferedBytes() / 4);
        this.batches =
                new BatchBuilder(config.batchSizeBytes(), config.batchWait().toNanos(), new ChunkPool(pooled));
        this.sender = new Thread(this::sendLoop, "ferry-loki-sender-" + config.name());
        this.sender.setDaemon(true);
        this.sender.start();
    }

    public LokiClientConfig config() {
        return config;
    }

    /**
     * Hands an entry to the client, waiting while the memory bound is reached. The client owns the
     * token from here on and acknowledges it exactly once (immediately as REJECTED when the entry
     * can never be sent, as FAILED when the client is closed).
     *
     * @param tenant the tenant (X-Scope-OrgID), or null for the endpoint's {@code tenant_id}
     * @throws InterruptedException if interrupted while waiting; the caller then still owns the token
     */
    public void push(String tenant, Labels labels, LogEntry entry, Object token) throws InterruptedException {
        admit(tenant, labels, entry, token, true);
    }

    /**
     * Like {@link #push} but never waits: returns false, keeping the token with the caller, when the
     * memory bound is reached. Returns true when the client took the token.
     */
    public boolean offer(String tenant, Labels labels, LogEntry entry, Object token) {
        try {
            return admit(tenant, labels, entry, token, false);
        } catch (InterruptedException e) {
            throw new AssertionError("offer never waits", e);
        }
    }

    private boolean admit(String tenant, Labels labels, LogEntry entry, Object token, boolean wait)
            throws InterruptedException {
        if (labels.isEmpty()) {
            refuse(token, RejectReason.MISSING_LABELS, "entry has no labels; Loki needs at least one per stream");
            return true;
        }
        if (tenant != null && !isValidTenant(tenant)) {
            refuse(
                    token,
                    RejectReason.INVALID_TENANT,
                    "tenant '" + tenant.replace("\n", "\\n")
                            + "' is not a valid Loki tenant ID (printable ASCII without '/', at most 150 characters)");
            return true;
        }
        if (config.maxLineSize() > 0 && entry.lineUtf8Length() > config.maxLineSize()) {
            if (!config.maxLineSizeTruncate()) {
                refuse(
                        token,
                        RejectReason.LINE_TOO_LONG,
                        "line of " + entry.lineUtf8Length() + " bytes is over max_line_size " + config.maxLineSize()
                                + " " + labels);
                return true;
            }
            entry = entry.withLine(LineTruncation.truncate(entry.line(), config.maxLineSize()));
            metrics.linesTruncated.increment();
        }
        if (entry.lineUtf8Length() != entry.line().length() && Utf8.hasLoneSurrogate(entry.line())) {
            metrics.invalidUtf8.increment();
        }
        labels = withExternalLabels(labels);
        if (!config.labelLimits().allow(labels)) {
            LabelFix fix = LabelFix.of(labels, config.labelLimits());
            labels = fix.fixed;
            entry = fix.apply(entry);
            labelsFixed(fix);
        }
        String tenantKey = tenant == null ? "" : tenant;
        int bodySize = EntryEncoding.bodySize(entry);
        long cost = Batch.heapCost(bodySize);
        lock.lock();
        try {
            // an entry larger than the whole bound is still let through alone, so it cannot block forever
            boolean refused = false;
            while (!closing && bufferedBytes > 0 && bufferedBytes + cost > config.maxBufferedBytes()) {
                if (!wait) {
                    return false;
                }
                if (refuseWaiting) {
                    refused =
                            true; // shutting down: fail this entry now rather than wait for a Loki that may not answer
                    break;
                }
                notFull.await();
            }
            if (!closing && !refused) {
                bufferedBytes += batches.add(tenantKey, labels, entry, bodySize, token, nanoClock.getAsLong());
                if (batches.takeDeadlineMoved() && batches.nextDeadline() < senderWakeAt) {
                    work.signal();
                }
                return true;
            }
        } finally {
            lock.unlock();
        }
        metrics.entriesFailed.increment();
        acks.acknowledged(token, PushOutcome.FAILED);
        return true;
    }

    /** Counts and (at most every 10 s) logs a label set changed so that Loki takes it. */
    private void labelsFixed(LabelFix fix) {
        metrics.labelsFixed(fix);
        long held = labelFixLog.tryAcquire(nanoClock.getAsLong());
        if (held >= 0) {
            log.warn(
                    "loki endpoint={} changed labels Loki would refuse, keeping the line: {}; sent as {}"
                            + " (logged at most every 10s, {} such lines held back; see ferry_loki_labels_fixed_total)",
                    config.name(),
                    fix.description(),
                    fix.fixed,
                    held);
        }
    }

    private Labels withExternalLabels(Labels labels) {
        if (config.externalLabels().isEmpty()) {
            return labels;
        }
        Labels merged = withExternalLabels.get(labels);
        if (merged == null) {
            if (withExternalLabels.size() > 10_000) {
                withExternalLabels.clear(); // label sets churn (pods come and go): keep the cache bounded
            }
            merged = labels.withDefaults(config.externalLabels());
            withExternalLabels.put(labels, merged);
        }
        return merged;
    }

    /** Loki's tenant rule: 1 to 150 printable ASCII characters, no '/', not "." or "..". */
    static boolean isValidTenant(String tenant) {
        if (tenant.isEmpty() || tenant.length() > 150 || tenant.equals(".") || tenant.equals("..")) {
            return false;
        }
        for (int i = 0; i < tenant.length(); i++) {
            char c = tenant.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '/') {
                return false;
            }
        }
        return true;
    }

    private void refuse(Object token, RejectReason reason, String message) {
        metrics.rejected(reason).increment();
        if (refusalLog.tryAcquire(nanoClock.getAsLong()) >= 0) {
            log.warn(
                    "loki endpoint={} refused entry reason={} detail=\"{}\" (logged at most every 10s; see ferry_loki_entries_rejected_total)",
                    config.name(),
                    reason.tag,
                    message);
        }
        acks.acknowledged(token, PushOutcome.REJECTED);
    }

    /**
     * True while the client holds less than its memory bound: a source may read another line
     * without {@link #push} having to wait. (Advisory: another thread may fill it meanwhile.)
     */
    public boolean hasRoom() {
        lock.lock();
        try {
            return !closing && bufferedBytes < config.maxBufferedBytes();
        } finally {
            lock.unlock();
        }
    }

    /**
     * From now on, a {@link #push} that would wait for room reports its entry FAILED at once
     * instead, and pushes waiting now do so. For shutdown: sources blocked on a full client (Loki
     * down) get free to stop, and what they could not hand over is read again after the restart.
     * Entries that fit are still taken and sent while the client drains.
     */
    public void stopWaiting() {
        lock.lock();
        try {
            refuseWaiting = true;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Estimated heap bytes of entries handed over and not yet acknowledged. */
    public long bufferedBytes() {
        lock.lock();
        try {
            return bufferedBytes;
        } finally {
            lock.unlock();
        }
    }

    private void sendLoop() {
        while (true) {
            Batch batch;
            lock.lock();
            try {
                batch = nextBatch();
                if (batch == null) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            BatchPush.Result result;
            try {
                result = push.send(batch);
            } catch (RuntimeException e) {
                // a bug or an input nobody foresaw must cost one batch, never the endpoint's sender thread
                log.error(
                        "loki endpoint={} could not send a batch of {} entries, they are reported failed: {}",
                        config.name(),
                        batch.entryCount(),
                        e.toString());
                result = BatchPush.Result.FAILED;
            }
            finish(batch, result);
        }
    }

    /** Waits for a batch to be due; null when the client is shut down and holds nothing more. */
    private Batch nextBatch() throws InterruptedException {
        while (true) {
            if (aborted) {
                return null;
            }
            long now = nanoClock.getAsLong();
            Batch b = closing ? batches.pollAny() : batches.poll(now);
            if (b != null) {
                return b;
            }
            if (closing) {
                return null;
            }
            long deadline = batches.nextDeadline();
            senderWakeAt = deadline;
            if (deadline == Long.MAX_VALUE) {
                work.await();
            } else {
                work.awaitNanos(Math.max(1, deadline - now));
            }
            senderWakeAt = Long.MIN_VALUE;
        }
    }

    /** Sleeps before a retry; false when close() ran out of time meanwhile. */
    private boolean pause(long nanos) {
        lock.lock();
        try {
            long left = nanos;
            while (left > 0 && !aborted) {
                left = work.awaitNanos(left);
            }
            return !aborted;
        } catch (InterruptedException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void finish(Batch batch, BatchPush.Result result) {
        try {
            if (result.refused() != null) {
                finishPartly(batch, result.refused());
            } else {
                finishAll(batch, result.outcome());
            }
        } catch (RuntimeException e) {
            log.error("loki endpoint={} ack listener threw: {}", config.name(), e.toString());
        }
        lock.lock();
        try {
            bufferedBytes -= batch.heapBytes();
            batch.releaseChunks();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void finishAll(Batch batch, PushOutcome outcome) {
        switch (outcome) {
            case SENT -> {
                metrics.entriesSent.increment(batch.entryCount());
                metrics.bytesSent.increment(batch.sizeBytes());
                metrics.batchesSent.increment();
            }
            case FAILED -> metrics.entriesFailed.increment(batch.entryCount());
            default -> {}
        }
        batch.acknowledgeAll(acks, outcome);
    }

    /** Loki stored some entries and refused others: each is counted and acknowledged as what it was. */
    private void finishPartly(Batch batch, RefusedEntries refused) {
        long sentBytes = 0;
        int sent = 0;
        for (int s = 0; s < batch.streams().size(); s++) {
            StreamEntries stream = batch.streams().get(s);
            for (int i = 0; i < stream.count; i++) {
                RejectReason reason = refused.reason(s, i);
                if (reason == null) {
                    sent++;
                    sentBytes += stream.sizeBytes(i);
                } else {
                    metrics.rejected(reason).increment();
                }
            }
        }
        if (sent > 0) {
            metrics.entriesSent.increment(sent);
            metrics.bytesSent.increment(sentBytes);
            metrics.batchesSent.increment();
        }
        batch.acknowledge(acks, refused);
    }

    /**
     * Stops taking entries, sends what it holds within {@code timeout}, then reports whatever is
     * left as FAILED. Returns when every token has been acknowledged.
     */
    public void close(Duration timeout) {
        // what fails from here on, the batch being retried when time ran out included, is the count to report
        double failedBefore = metrics.entriesFailed.count();
        lock.lock();
        try {
            closing = true;
            work.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            sender.join(Math.max(1, timeout.toMillis()));
            if (sender.isAlive()) {
                lock.lock();
                try {
                    aborted = true;
                    work.signalAll();
                } finally {
                    lock.unlock();
                }
                sender.interrupt();
                sender.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            Batch b;
            while ((b = batches.pollAny()) != null) {
                metrics.entriesFailed.increment(b.entryCount());
                b.acknowledgeAll(acks, PushOutcome.FAILED);
                bufferedBytes -= b.heapBytes();
                b.releaseChunks();
            }
        } finally {
            lock.unlock();
        }
        long failed = Math.round(metrics.entriesFailed.count() - failedBefore);
        if (failed > 0) {
            log.error(
                    "loki endpoint={} shut down with {} entries unsent; they are reported failed",
                    config.name(),
                    failed);
        }
        transport.close();
    }

    /** Closes with a 10 second deadline. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
