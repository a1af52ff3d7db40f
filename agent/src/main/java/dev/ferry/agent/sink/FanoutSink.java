package dev.ferry.agent.sink;

import dev.ferry.loki.AckListener;
import dev.ferry.loki.Labels;
import dev.ferry.loki.LogEntry;
import dev.ferry.loki.PushOutcome;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends every entry to several sinks; the source's token is settled once all of them have
 * finished, with the least settled outcome (FAILED over REJECTED over SENT), so a position only
 * moves past a line every endpoint has.
 */
public final class FanoutSink implements EntrySink {
    private final List<EntrySink> sinks;
    private final AckListener acks;

    public FanoutSink(List<EntrySink> sinks, AckListener acks) {
        this.sinks = List.copyOf(sinks);
        this.acks = acks;
    }

    /** The listener every inner sink must be built with: it folds their outcomes into the source's. */
    public static AckListener innerListener() {
        return (token, outcome) -> ((Shared) token).settle(outcome);
    }

    @Override
    public void push(String tenant, Labels labels, LogEntry entry, Object token) {
        // from here on the shared token owns the source's token: it is settled once, whatever happens
        Shared shared = new Shared(token, sinks.size(), acks);
        for (int i = 0; i < sinks.size(); i++) {
            try {
                sinks.get(i).push(tenant, labels, entry, shared);
            } catch (InterruptedException e) {
                // the sinks not reached never will be: they count as failed, so the token still settles once
                for (int j = i; j < sinks.size(); j++) {
                    shared.settle(PushOutcome.FAILED);
                }
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void stopWaiting() {
        for (EntrySink s : sinks) {
            s.stopWaiting();
        }
    }

    @Override
    public boolean hasRoom() {
        for (EntrySink s : sinks) {
            if (!s.hasRoom()) {
                return false;
            }
        }
        return true;
    }

    /** Closes every sink at once, so N endpoints drain within one shutdown_timeout, not N of them. */
    @Override
    public void close() {
        List<Thread> closing = new java.util.ArrayList<>();
        for (EntrySink s : sinks) {
            closing.add(Thread.ofPlatform().name("ferry-sink-close").start(s::close));
        }
        for (Thread t : closing) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The token each inner sink sees: counts down to the source's single acknowledgement. */
    static final class Shared {
        private final Object token;
        private final AtomicInteger pending;
        private final AckListener acks;
        private volatile PushOutcome worst = PushOutcome.SENT;

        Shared(Object token, int sinks, AckListener acks) {
            this.token = token;
            this.pending = new AtomicInteger(sinks);
            this.acks = acks;
        }

        void settle(PushOutcome outcome) {
            synchronized (this) {
                if (rank(outcome) > rank(worst)) {
                    worst = outcome;
                }
            }
            if (pending.decrementAndGet() == 0) {
                acks.acknowledged(token, worst);
            }
        }

        private static int rank(PushOutcome o) {
            return switch (o) {
                case SENT, DROPPED -> 0;
                case REJECTED -> 1;
                case FAILED -> 2;
            };
        }
    }
}
