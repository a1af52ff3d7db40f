package dev.ferry.loki;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One Loki endpoint and how to push to it, with the option names and defaults of Alloy's
 * {@code loki.write} endpoint. Every field is checked on construction; messages name the option.
 */
public record LokiClientConfig(
        String name,
        URI url,
        String tenantId,
        Secret basicAuthUsername,
        Secret basicAuthPassword,
        Secret bearerToken,
        Map<String, String> headers,
        TlsOptions tls,
        int batchSizeBytes,
        Duration batchWait,
        Duration remoteTimeout,
        Duration minBackoff,
        Duration maxBackoff,
        int maxRetries,
        boolean retryOnHttp429,
        Labels externalLabels,
        long maxBufferedBytes,
        int maxLineSize,
        boolean maxLineSizeTruncate,
        LabelLimits labelLimits) {

    public static final int DEFAULT_BATCH_SIZE = 1024 * 1024;
    public static final long DEFAULT_MAX_BUFFERED_BYTES = 64L * 1024 * 1024;
    /** Loki's own default {@code max_line_size}. */
    public static final int DEFAULT_MAX_LINE_SIZE = 256 * 1024;

    public static final Duration DEFAULT_BATCH_WAIT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_REMOTE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_RETRIES = 10;

    public LokiClientConfig {
        if (name == null || name.isBlank()) {
            name = "default";
        }
        if (url == null) {
            throw new IllegalArgumentException("loki endpoint '" + name + "': url is required");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(
                    "loki endpoint '" + name + "': url must start with http:// or https://, got '" + url + "'");
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("loki endpoint '" + name + "': url has no host: '" + url + "'");
        }
        if (url.getUserInfo() != null) {
            throw new IllegalArgumentException(
                    "loki endpoint '" + name + "': put credentials in basic_auth, not in the url (the url is logged)");
        }
        if (bearerToken != null && (basicAuthUsername != null || basicAuthPassword != null)) {
            throw new IllegalArgumentException(
                    "loki endpoint '" + name + "': basic_auth and bearer_token are mutually exclusive");
        }
        if ((basicAuthUsername == null) != (basicAuthPassword == null)) {
            throw new IllegalArgumentException(
                    "loki endpoint '" + name + "': basic_auth needs both username and password (or password_file)");
        }
        headers = Map.copyOf(headers == null ? Map.of() : headers);
        for (String h : headers.keySet()) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.equals("content-type") || lower.equals("content-length") || lower.equals("host")) {
                throw new IllegalArgumentException("loki endpoint '" + name + "': headers: '" + h
                        + "' is set by the client and cannot be overridden");
            }
        }
        tls = tls == null ? TlsOptions.DEFAULT : tls;
        positive(name, "batch_size", batchSizeBytes);
        positive(name, "batch_wait", batchWait);
        positive(name, "remote_timeout", remoteTimeout);
        positive(name, "min_backoff", minBackoff);
        positive(name, "max_backoff", maxBackoff);
        if (maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("loki endpoint '" + name + "': max_backoff (" + maxBackoff
                    + ") is smaller than min_backoff (" + minBackoff + ")");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException(
                    "loki endpoint '" + name + "': max_retries must be 0 or more, got " + maxRetries);
        }
        externalLabels = externalLabels == null ? Labels.EMPTY : externalLabels;
        if (maxBufferedBytes < batchSizeBytes) {
            throw new IllegalArgumentException("loki endpoint '" + name + "': max_buffered_bytes (" + maxBufferedBytes
                    + ") must be at least batch_size (" + batchSizeBytes + ")");
        }
        if (maxLineSize < 0) {
            throw new IllegalArgumentException(
                    "loki endpoint '" + name + "': max_line_size must be 0 (no limit) or more, got " + maxLineSize);
        }
        labelLimits = labelLimits == null ? LabelLimits.LOKI_DEFAULTS : labelLimits;
    }

    private static void positive(String name, String option, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(
                    "loki endpoint '" + name + "': " + option + " must be greater than 0, got " + value);
        }
    }

    private static void positive(String name, String option, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(
                    "loki endpoint '" + name + "': " + option + " must be a positive duration, got " + value);
        }
    }

    /** This config with another memory bound (kept at least {@code batch_size}). */
    public LokiClientConfig withMaxBufferedBytes(long bytes) {
        return new LokiClientConfig(
                name,
                url,
                tenantId,
                basicAuthUsername,
                basicAuthPassword,
                bearerToken,
                headers,
                tls,
                batchSizeBytes,
                batchWait,
                remoteTimeout,
                minBackoff,
                maxBackoff,
                maxRetries,
                retryOnHttp429,
                externalLabels,
                Math.max(bytes, batchSizeBytes),
                maxLineSize,
                maxLineSizeTruncate,
                labelLimits);
    }

    /** The endpoint's url without query or credentials, safe to log. */
    public String safeUrl() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "")
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    public static Builder builder(String url) {
        return new Builder(URI.create(url));
    }

    /** Builds a config with Alloy's defaults for everything not set. */
    public static final class Builder {
        private String name = "default";
        private final URI url;
        private String tenantId;
        private Secret username;
        private Secret password;
        private Secret bearerToken;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private TlsOptions tls = TlsOptions.DEFAULT;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration batchWait = DEFAULT_BATCH_WAIT;
        private Duration remoteTimeout = DEFAULT_REMOTE_TIMEOUT;
        private Duration minBackoff = DEFAULT_MIN_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private boolean retryOn429 = true;
        private Labels externalLabels = Labels.EMPTY;
        private long maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES;
        private int maxLineSize = DEFAULT_MAX_LINE_SIZE;
        private boolean maxLineSizeTruncate = true;
        private LabelLimits labelLimits = LabelLimits.LOKI_DEFAULTS;

        private Builder(URI url) {
            this.url = url;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder tenantId(String v) {
            tenantId = v;
            return this;
        }

        public Builder basicAuth(Secret user, Secret pass) {
            username = user;
            password = pass;
            return this;
        }

        public Builder bearerToken(Secret v) {
            bearerToken = v;
            return this;
        }

        public Builder header(String k, String v) {
            headers.put(k, v);
            return this;
        }

        public Builder tls(TlsOptions v) {
            tls = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder batchWait(Duration v) {
            batchWait = v;
            return this;
        }

        public Builder remoteTimeout(Duration v) {
            remoteTimeout = v;
            return this;
        }

        public Builder backoff(Duration min, Duration max, int retries) {
            minBackoff = min;
            maxBackoff = max;
            maxRetries = retries;
            return this;
        }

        public Builder retryOnHttp429(boolean v) {
            retryOn429 = v;
            return this;
        }

        public Builder externalLabels(Labels v) {
            externalLabels = v;
            return this;
        }

        public Builder maxBufferedBytes(long v) {
            maxBufferedBytes = v;
            return this;
        }

        public Builder maxLineSize(int size, boolean truncate) {
            maxLineSize = size;
            maxLineSizeTruncate = truncate;
            return this;
        }

        public Builder labelLimits(LabelLimits v) {
            labelLimits = v;
            return this;
        }

        public LokiClientConfig build() {
            return new LokiClientConfig(
                    name,
                    url,
                    tenantId,
                    username,
                    password,
                    bearerToken,
                    headers,
                    tls,
                    batchSize,
                    batchWait,
                    remoteTimeout,
                    minBackoff,
                    maxBackoff,
                    maxRetries,
                    retryOn429,
                    externalLabels,
                    maxBufferedBytes,
                    maxLineSize,
                    maxLineSizeTruncate,
                    labelLimits);
        }
    }
}
