package dev.ferry.agent.config;

import dev.ferry.loki.LabelLimits;
import dev.ferry.loki.Labels;
import dev.ferry.loki.LokiClientConfig;
import dev.ferry.loki.Secret;
import dev.ferry.loki.TlsOptions;
import dev.ferry.pipeline.config.ConfigNode;
import dev.ferry.pipeline.config.ConfigProblems;
import dev.ferry.pipeline.config.MapReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Reads one {@code loki:} endpoint (Alloy's loki.write endpoint options, snake_case) into a client config. */
final class LokiEndpointReader {
    private LokiEndpointReader() {}

    /** The endpoint's config, or null when it has errors (reported) or no url (warned: disabled). */
    static LokiClientConfig read(
            ConfigNode node, int index, ConfigProblems problems, long defaultMaxLineSize, boolean truncate) {
        MapReader r = MapReader.of(node, problems, "loki endpoint " + (index + 1), "a map of endpoint options");
        String name = r.string("name", index == 0 ? "default" : "endpoint" + (index + 1));
        String url = r.string("url", "");
        String tenant = r.string("tenant_id", null);
        Secret user = null;
        Secret password = null;
        if (r.has("basic_auth")) {
            MapReader auth = MapReader.of(r.raw("basic_auth"), problems, r.context() + ", basic_auth", "a map");
            String u = auth.requiredString("username");
            user = u == null ? null : Secret.of(u);
            String p = auth.string("password", null);
            String pf = auth.string("password_file", null);
            if (p != null && pf != null) {
                auth.error("password_file", "give password or password_file, not both");
            } else if (p == null && pf == null) {
                auth.error(null, "needs password or password_file");
            }
            password = p != null ? Secret.of(p) : pf != null ? Secret.fromFile(Path.of(pf)) : null;
            auth.finish();
        }
        Secret bearer = null;
        String token = r.string("bearer_token", null);
        String tokenFile = r.string("bearer_token_file", null);
        if (token != null && tokenFile != null) {
            r.error("bearer_token_file", "give bearer_token or bearer_token_file, not both");
        } else if (token != null) {
            bearer = Secret.of(token);
        } else if (tokenFile != null) {
            bearer = Secret.fromFile(Path.of(tokenFile));
        }
        Map<String, String> headers = r.stringMap("headers");
        TlsOptions tls = TlsOptions.DEFAULT;
        if (r.has("tls")) {
            MapReader t = MapReader.of(r.raw("tls"), problems, r.context() + ", tls", "a map");
            String ca = t.string("ca_file", null);
            String cert = t.string("cert_file", null);
            String key = t.string("key_file", null);
            String serverName = t.string("server_name", null);
            boolean insecure = t.bool("insecure_skip_verify", false);
            if (t.finish()) {
                tls = t.build(() -> new TlsOptions(
                        ca == null ? null : Path.of(ca),
                        cert == null ? null : Path.of(cert),
                        key == null ? null : Path.of(key),
                        serverName,
                        insecure));
            }
        }
        long batchSize = r.byteSize("batch_size", LokiClientConfig.DEFAULT_BATCH_SIZE);
        Duration batchWait = r.duration("batch_wait", LokiClientConfig.DEFAULT_BATCH_WAIT);
        Duration remoteTimeout = r.duration("remote_timeout", LokiClientConfig.DEFAULT_REMOTE_TIMEOUT);
        Duration minBackoff = r.duration("min_backoff", LokiClientConfig.DEFAULT_MIN_BACKOFF);
        Duration maxBackoff = r.duration("max_backoff", LokiClientConfig.DEFAULT_MAX_BACKOFF);
        int maxRetries = r.integer("max_retries", LokiClientConfig.DEFAULT_MAX_RETRIES);
        boolean retry429 = r.bool("retry_on_http_429", true);
        Map<String, String> external = r.stringMap("external_labels");
        long maxBuffered = r.byteSize("max_buffered_bytes", LokiClientConfig.DEFAULT_MAX_BUFFERED_BYTES);
        long maxLine = r.byteSize("max_line_size", defaultMaxLineSize);
        boolean maxLineTruncate = r.bool("max_line_size_truncate", truncate);
        LabelLimits loki = LabelLimits.LOKI_DEFAULTS;
        int maxLabelName = r.integer("max_label_name_length", loki.maxNameLength());
        int maxLabelValue = r.integer("max_label_value_length", loki.maxValueLength());
        int maxLabelNames = r.integer("max_label_names_per_series", loki.maxLabelNames());
        long maxMetadata = r.byteSize("max_structured_metadata_size", loki.maxStructuredMetadataSize());
        if (!r.finish()) {
            return null;
        }
        if (url.isBlank()) {
            r.warning("url", "no url: this endpoint is disabled (set the url, e.g. with ${LOKI_URL})");
            return null;
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            r.error("url", "url is not a valid URL: " + e.getMessage());
            return null;
        }
        final Secret fUser = user;
        final Secret fPassword = password;
        final Secret fBearer = bearer;
        final TlsOptions fTls = tls;
        String prefix = "loki endpoint '" + name + "': ";
        return r.build(() -> withoutPrefix(
                prefix,
                () -> new LokiClientConfig(
                        name,
                        uri,
                        tenant,
                        fUser,
                        fPassword,
                        fBearer,
                        headers == null ? Map.of() : headers,
                        fTls,
                        (int) Math.min(Integer.MAX_VALUE, batchSize),
                        batchWait,
                        remoteTimeout,
                        minBackoff,
                        maxBackoff,
                        maxRetries,
                        retry429,
                        external == null ? Labels.EMPTY : Labels.of(external),
                        maxBuffered,
                        (int) Math.min(Integer.MAX_VALUE, maxLine),
                        maxLineTruncate,
                        new LabelLimits(maxLabelName, maxLabelValue, maxLabelNames, (int)
                                Math.min(Integer.MAX_VALUE, maxMetadata)))));
    }

    /** The client config names its endpoint in messages; the reader's context already does. */
    private static <T> T withoutPrefix(String prefix, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            throw new IllegalArgumentException(m.startsWith(prefix) ? m.substring(prefix.length()) : m, e);
        }
    }
}
