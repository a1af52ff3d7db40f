package dev.ferry.agent.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Opens {@code GET /api/v1/namespaces/{ns}/pods/{pod}/log?container=…&timestamps=true[&follow=true]
 * [&previous=true][&sinceTime=…]} through the client's HTTP stack (its auth, TLS and token refresh)
 * and returns the body as a stream. fabric8's own {@code watchLog} is not used: it first polls the
 * pod for readiness and reads an error status as if it were log lines.
 */
final class PodLogRequest {
    /** The API answered with an error status (or not at all); the message is short and fit for a log line. */
    static final class LogRequestException extends IOException {
        final int status;

        LogRequestException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final HttpClient http;
    private final String apiBase;

    PodLogRequest(KubernetesClient client) {
        this.http = client.getHttpClient();
        String master = client.getMasterUrl().toString();
        this.apiBase = master.endsWith("/") ? master.substring(0, master.length() - 1) : master;
    }

    /** The request's path and query, as the mock server in tests matches it. */
    static String path(KubernetesTarget t, boolean follow, boolean previous, long sinceNanos) {
        StringBuilder sb = new StringBuilder(160)
                .append("/api/v1/namespaces/")
                .append(enc(t.namespace()))
                .append("/pods/")
                .append(enc(t.pod()))
                .append("/log?container=")
                .append(enc(t.container()));
        if (follow) {
            sb.append("&follow=true");
        }
        if (previous) {
            sb.append("&previous=true");
        }
        if (sinceNanos != Long.MIN_VALUE) {
            sb.append("&sinceTime=").append(enc(KubeletTimestamp.formatSeconds(sinceNanos)));
        }
        return sb.append("&timestamps=true").toString();
    }

    /**
     * Sends the request and waits for the response head. The caller closes the returned stream;
     * closing it (from any thread) aborts the transfer.
     */
    InputStream open(KubernetesTarget t, boolean follow, boolean previous, long sinceNanos, OpenCall call)
            throws IOException, InterruptedException {
        HttpRequest request = http.newHttpRequestBuilder()
                .uri(apiBase + path(t, follow, previous, sinceNanos))
                .forStreaming()
                .build();
        CompletableFuture<HttpResponse<InputStream>> future = http.sendAsync(request, InputStream.class);
        call.pending = future;
        HttpResponse<InputStream> response;
        try {
            response = future.get();
        } catch (ExecutionException e) {
            throw new LogRequestException(0, describe(e.getCause()));
        } catch (CancellationException e) {
            throw new InterruptedException("log request cancelled");
        } finally {
            call.pending = null;
        }
        InputStream body = response.body();
        if (!response.isSuccessful()) {
            String detail = "";
            if (body != null) {
                try (InputStream b = body) {
                    detail = new String(b.readNBytes(512), StandardCharsets.UTF_8).strip();
                } catch (IOException ignored) {
                    // the status code says enough
                }
            }
            throw new LogRequestException(
                    response.code(), "HTTP " + response.code() + (detail.isEmpty() ? "" : ": " + detail));
        }
        if (body == null) {
            throw new LogRequestException(response.code(), "HTTP " + response.code() + " without a body");
        }
        return body;
    }

    /** Lets another thread abort a request that has not answered yet. */
    static final class OpenCall {
        volatile CompletableFuture<?> pending;

        void cancel() {
            CompletableFuture<?> f = pending;
            if (f != null) {
                f.cancel(true);
            }
        }
    }

    /** One line, no stack trace: the exception's class and message, and its root cause's if different. */
    static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        Throwable t = error;
        // wrappers of asynchronous calls say nothing of their own
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        if (root == t) {
            return top;
        }
        String bottom = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return top.contains(bottom) ? top : top + " (" + bottom + ")";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
