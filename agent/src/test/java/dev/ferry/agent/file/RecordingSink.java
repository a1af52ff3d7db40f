package dev.ferry.agent.file;

import dev.ferry.agent.positions.AckToken;
import dev.ferry.loki.PushOutcome;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps what it was offered, refuses when {@code capacity} lines are unacknowledged. */
final class RecordingSink implements LineSink {
    /** One offered line; {@code ascii} when it came through {@link #offerAscii}. */
    record Line(FileTarget target, String line, long readTime, AckToken token, boolean ascii) {}

    final List<Line> received = new ArrayList<>();
    final List<Line> pending = new ArrayList<>();
    int capacity = Integer.MAX_VALUE;
    int refusals;

    @Override
    public boolean offer(FileTarget target, String line, long readTimeEpochNanos, Object ackToken) {
        return take(new Line(target, line, readTimeEpochNanos, (AckToken) ackToken, false));
    }

    @Override
    public boolean offerAscii(FileTarget target, String line, long readTimeEpochNanos, Object ackToken) {
        return take(new Line(target, line, readTimeEpochNanos, (AckToken) ackToken, true));
    }

    private synchronized boolean take(Line l) {
        if (pending.size() >= capacity) {
            refusals++;
            return false;
        }
        received.add(l);
        pending.add(l);
        return true;
    }

    synchronized List<String> lines() {
        return received.stream().map(Line::line).toList();
    }

    synchronized void ackAll(PushOutcome outcome) {
        for (Line l : pending) {
            l.token().settle(outcome);
        }
        pending.clear();
    }

    synchronized void ack(int index, PushOutcome outcome) {
        pending.remove(index).token().settle(outcome);
    }

    synchronized void clear() {
        received.clear();
    }
}
