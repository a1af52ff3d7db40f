package dev.ferry.agent.kubernetes;

import dev.ferry.agent.kubernetes.KubernetesTarget.ContainerState;
import dev.ferry.agent.kubernetes.PodLogRequest.LogRequestException;
import dev.ferry.agent.kubernetes.PodLogRequest.OpenCall;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one container's log through the API on its own virtual thread, like {@code kubectl logs
 * -f --timestamps}: opens the stream from the last position, hands each new line to the sink
 * (blocking there when the sink is full), and opens it again after a break, a restart of the
 * container (reading the previous instance first when lines may be missing) or a failed send.
 * Ends when its container is gone and its stream has ended, or when closed.
 */
final class PodLogFollower {
    private static final Logger LOG = LoggerFactory.getLogger(PodLogFollower.class);

    /** Thrown inside the reader to abandon a stream after a failed send. */
    private static final class RewindRequested extends RuntimeException {
        RewindRequested() {
            super(null, null, false, false);
        }
    }

    /** What the source needs to hear from a follower. */
    interface Owner {
        void followerEnded(PodLogFollower follower);
    }

    private final String source;
    private final String key;
    private final PodLogRequest request;
    private final LogLineSink sink;
    private final KubernetesSourceMetrics metrics;
    private final Clock clock;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final Owner owner;
    private final StreamProgress progress;
    private final LogLineReader reader;
    private final ContainerLogPosition saved;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean signalled; // guarded by lock

    private volatile KubernetesTarget target;
    private volatile boolean gone;
    private volatile boolean closed;
    private volatile boolean streaming;
    private volatile InputStream current;
    private volatile String lastError;
    private final OpenCall openCall = new OpenCall();
    private Thread thread;
    private String streamedId; // the container instance last streamed from; follower thread only
    private long linesHandedOn; // follower thread only

    PodLogFollower(
            String source,
            KubernetesTarget target,
            PodLogRequest request,
            LogLineSink sink,
            ContainerPositions positions,
            KubernetesSourceMetrics metrics,
            Clock clock,
            KubernetesSourceConfig config,
            Owner owner) {
        this.source = source;
        this.target = target;
        this.key = target.key();
        this.request = request;
        this.sink = sink;
        this.metrics = metrics;
        this.clock = clock;
        this.minBackoff = config.minBackoff();
        this.maxBackoff = config.maxBackoff();
        this.owner = owner;
        this.saved = positions.load(key);
        this.progress = new StreamProgress(key, positions, saved, this::signal);
        this.reader = new LogLineReader(config.maxLineBytes());
    }

    void start() {
        thread =
                Thread.ofVirtual().name("ferry-k8s-log " + target.displayName()).start(this::run);
    }

    String key() {
        return key;
    }

    KubernetesTarget target() {
        return target;
    }

    StreamProgress progress() {
        return progress;
    }

    boolean streaming() {
        return streaming;
    }

    String lastError() {
        return lastError;
    }

    /** Discovery saw a change of the container: new labels apply from the next line on. */
    void update(KubernetesTarget t) {
        target = t;
        gone = false;
        signal();
    }

    /** The container is gone: finish the stream being read, then end. */
    void markGone() {
        gone = true;
        signal();
    }

    /** Stops now: aborts the stream and any wait, including a sink that blocks. */
    void close(Duration wait) throws InterruptedException {
        closed = true;
        signal();
        openCall.cancel();
        closeCurrent();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            t.join(wait);
        }
    }

    private void signal() {
        lock.lock();
        try {
            signalled = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until something changes or {@code nanos} pass; false when interrupted or closed. */
    private boolean await(long nanos) {
        lock.lock();
        try {
            long left = nanos;
            while (!signalled && !closed && left > 0) {
                left = changed.awaitNanos(left);
            }
            signalled = false;
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        String finishedId = null; // an instance whose log was read to its end after it stopped
        long backoff = minBackoff.toNanos();
        try {
            while (!closed) {
                Counter reason = streamedId == null ? metrics.streamsNew : metrics.streamsResumed;
                if (progress.failed()) {
                    progress.rewind();
                    reason = metrics.streamsRewound;
                    finishedId = null;
                }
                KubernetesTarget t = target;
                if (gone) {
                    break;
                }
                if (!t.hasLog() || t.containerId().equals(finishedId)) {
                    await(Long.MAX_VALUE); // nothing to read until the container changes
                    continue;
                }
                if (streamedId != null && !streamedId.equals(t.containerId())) {
                    reason = metrics.streamsRestarted;
                }
                clearSignal();
                try {
                    if (needsPrevious(t, finishedId)) {
                        readPrevious(t);
                    }
                    long linesBefore = linesHandedOn;
                    readStream(t, true, false, reason);
                    lastError = null;
                    KubernetesTarget now = target;
                    if (now.containerId().equals(t.containerId()) && now.state() != ContainerState.RUNNING) {
                        finishedId = t.containerId(); // read to its end; wait for a restart or removal
                        backoff = minBackoff.toNanos();
                        continue;
                    }
                    if (linesHandedOn > linesBefore) {
                        backoff = minBackoff.toNanos();
                    }
                } catch (RewindRequested r) {
                    continue; // a send failed: read again from the settled position at once
                } catch (IOException e) {
                    failed(t, e);
                } catch (RuntimeException e) {
                    // a bug downstream must not end the follower (the container would silently stop being
                    // followed): treat it as a broken stream, back off and resume from the settled position
                    failed(t, new IOException("unexpected " + e, e));
                }
                if (gone || closed) {
                    break;
                }
                await(backoff);
                backoff = Math.min(backoff * 2, maxBackoff.toNanos());
            }
        } catch (InterruptedException e) {
            // closing
        } finally {
            streaming = false;
            closeCurrent();
            owner.followerEnded(this);
        }
    }

    private void clearSignal() {
        lock.lock();
        try {
            signalled = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The previous instance may hold lines not yet read: after a restart seen while following (the
     * old stream may have broken before the end), or a restart while the agent was not running.
     */
    private boolean needsPrevious(KubernetesTarget t, String finishedId) {
        if (t.restartCount() == 0) {
            return false;
        }
        if (streamedId != null) {
            return !streamedId.equals(t.containerId()) && !streamedId.equals(finishedId);
        }
        return saved != null && t.lastTerminatedEpochSecond() >= Math.floorDiv(saved.epochNanos(), 1_000_000_000L);
    }

    private void readPrevious(KubernetesTarget t) throws InterruptedException {
        try {
            readStream(t, false, true, metrics.streamsPrevious);
        } catch (IOException e) {
            // the kubelet keeps one previous instance at most; a missing one is not worth a warning
            metrics.logErrors.increment();
            LOG.debug(
                    "kubernetes source={} container={} previous log unavailable: {}",
                    source,
                    t.displayName(),
                    e.getMessage());
        }
    }

    /** Reads one stream to its end; true when it ended cleanly (not broken). */
    private boolean readStream(KubernetesTarget t, boolean follow, boolean previous, Counter reason)
            throws IOException, InterruptedException {
        ReplayFilter filter = progress.resumeFilter();
        InputStream in = request.open(t, follow, previous, filter.sinceNanos(), openCall);
        current = in;
        if (closed) {
            closeCurrent();
            throw new InterruptedException();
        }
        reason.increment();
        if (!previous) {
            streamedId = t.containerId();
        }
        streaming = true;
        LogLineReader.LineHandler handler =
                (ts, hash, buf, from, to, truncated) -> line(filter, ts, hash, buf, from, to, truncated);
        try {
            reader.read(in, handler);
            if (reader.hasTail()) {
                KubernetesTarget now = target;
                if (previous
                        || now.state() != ContainerState.RUNNING
                        || !now.containerId().equals(t.containerId())) {
                    reader.emitTail(handler); // the container has ended: its last line has no newline
                }
            }
            return true;
        } catch (IOException e) {
            if (closed) {
                throw new InterruptedException();
            }
            throw e;
        } finally {
            streaming = false;
            closeCurrent();
        }
    }

    private void line(ReplayFilter filter, long ts, long hash, byte[] buf, int from, int to, boolean truncated)
            throws InterruptedException {
        metrics.linesRead.increment();
        metrics.bytesRead.increment(to - from);
        if (filter.skip(ts, hash)) {
            metrics.linesSkipped.increment();
            return;
        }
        if (closed) {
            throw new InterruptedException();
        }
        if (progress.failed()) {
            throw new RewindRequested();
        }
        if (truncated) {
            metrics.linesTruncated.increment();
        }
        long entryNanos = ts;
        if (ts == KubeletTimestamp.INVALID) {
            metrics.linesWithoutTimestamp.increment();
            java.time.Instant now = clock.instant();
            entryNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }
        String text = new String(buf, from, to - from, StandardCharsets.UTF_8);
        LineAck ack = progress.register(ts, hash);
        linesHandedOn++;
        sink.accept(target, entryNanos, text, ack);
    }

    private void failed(KubernetesTarget t, IOException e) {
        metrics.logErrors.increment();
        String message = e instanceof LogRequestException ? e.getMessage() : PodLogRequest.describe(e);
        if (lastError == null) {
            LOG.warn(
                    "kubernetes source={} container={} log stream failed: {}; retrying with backoff",
                    source,
                    t.displayName(),
                    message);
        } else {
            LOG.debug(
                    "kubernetes source={} container={} log stream failed again: {}", source, t.displayName(), message);
        }
        lastError = message;
    }

    private void closeCurrent() {
        InputStream in = current;
        current = null;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing to abort; nothing to add
            }
        }
    }
}
