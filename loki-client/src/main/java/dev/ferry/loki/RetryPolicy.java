package dev.ferry.loki;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides what to do after one attempt to push a batch: done, retry after a delay, or give up.
 * A small pure function of the answer, the attempt number and the configured backoff.
 */
final class RetryPolicy {
    /** What the client does next with the batch. */
    enum Action {
        /** Loki took it: acknowledge as sent. */
        SENT,
        /** Loki will never take it (4xx other than 429, or 429 when retrying it is off). */
        REJECT,
        /** Try again after {@link Decision#delayNanos()}. */
        RETRY,
        /** Retries are used up: acknowledge as failed. */
        GIVE_UP
    }

    record Decision(Action action, long delayNanos) {}

    private final long minBackoffNanos;
    private final long maxBackoffNanos;
    private final int maxRetries;
    private final boolean retryOn429;

    RetryPolicy(Duration minBackoff, Duration maxBackoff, int maxRetries, boolean retryOn429) {
        this.minBackoffNanos = minBackoff.toNanos();
        this.maxBackoffNanos = maxBackoff.toNanos();
        this.maxRetries = maxRetries;
        this.retryOn429 = retryOn429;
    }

    /**
     * @param answer the answer, or null when none came (connection error, timeout)
     * @param attempt 1 for the first attempt
     * @param nowMillis wall clock, to read a Retry-After given as an HTTP date
     */
    Decision decide(HttpAnswer answer, int attempt, long nowMillis) {
        if (answer != null && answer.success()) {
            return new Decision(Action.SENT, 0);
        }
        int status = answer == null ? 0 : answer.status();
        boolean retryable = answer == null
                || status >= 500
                || (status == 429 && retryOn429)
                // auth, routing and timeouts are about the request's path, not the entries: an expired token
                // or an ingress mid-rollout must not cost lines, so retry and, if it lasts, report FAILED
                || status == 401
                || status == 403
                || status == 404
                || status == 408
                || status < 200; // 1xx/other oddities: a broken proxy, try again
        if (!retryable) {
            return new Decision(Action.REJECT, 0);
        }
        if (attempt > maxRetries) {
            return new Decision(Action.GIVE_UP, 0);
        }
        long asked = retryAfter(answer, nowMillis);
        return new Decision(Action.RETRY, asked >= 0 ? asked : backoff(attempt));
    }

    /**
     * The wait {@code answer}'s Retry-After asks for, between min_backoff and max_backoff (so a bad
     * header cannot stall the endpoint); -1 when there is no answer or no readable header.
     */
    long retryAfter(HttpAnswer answer, long nowMillis) {
        if (answer == null || answer.retryAfter() == null) {
            return -1;
        }
        long asked = retryAfterNanos(answer.retryAfter(), nowMillis);
        return asked < 0 ? -1 : Math.min(Math.max(asked, minBackoffNanos), maxBackoffNanos);
    }

    /** Exponential backoff from min_backoff, doubled per attempt, capped at max_backoff, with ±25% jitter. */
    long backoff(int attempt) {
        long base = minBackoffNanos;
        for (int i = 1; i < attempt && base < maxBackoffNanos; i++) {
            base *= 2;
        }
        base = Math.min(base, maxBackoffNanos);
        long jitter = base / 4;
        long d = base + (jitter > 0 ? ThreadLocalRandom.current().nextLong(-jitter, jitter + 1) : 0);
        return Math.max(minBackoffNanos, Math.min(d, maxBackoffNanos));
    }

    /** Retry-After as delta-seconds or an HTTP date; -1 when it cannot be read. */
    static long retryAfterNanos(String header, long nowMillis) {
        String v = header.strip();
        if (v.isEmpty()) {
            return -1;
        }
        boolean digits = true;
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                digits = false;
                break;
            }
        }
        if (digits) {
            try {
                return Duration.ofSeconds(Long.parseLong(v)).toNanos();
            } catch (NumberFormatException | ArithmeticException e) {
                return -1;
            }
        }
        try {
            long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant()
                    .toEpochMilli();
            return Math.max(0, at - nowMillis) * 1_000_000L;
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
