package dev.ferry.agent.file;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Lets one log line per reason through per interval, so a broken file cannot flood the log. */
final class LogThrottle {
    private final Clock clock;
    private final long intervalMillis;
    private final Map<String, Long> last = new HashMap<>();

    LogThrottle(Clock clock, long intervalMillis) {
        this.clock = clock;
        this.intervalMillis = intervalMillis;
    }

    synchronized boolean allow(String reason) {
        long now = clock.millis();
        Long before = last.get(reason);
        if (before != null && now - before < intervalMillis) {
            return false;
        }
        last.put(reason, now);
        return true;
    }
}
