package dev.ferry.agent.kubernetes;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Sees each attempt of the client's pod list and watch calls and reports a failed one at once. fabric8 retries a
 * failed call ten times with backoff (about 19 s) before the informer hears of it, so without this an agent with no
 * reachable cluster would say nothing for that long. The retries go on as before; this only reports.
 */
final class FailedApiCalls implements Interceptor {
    /** Told of a failed pod list or watch attempt, on fabric8's thread: must be quick. */
    interface Listener {
        void apiCallFailed(String url, String cause);
    }

    private volatile Listener listener = (url, cause) -> {};

    /** Where failures go from now on (the discovery made after the client). */
    void tell(Listener listener) {
        this.listener = listener;
    }

    @Override
    public void afterConnectionFailure(HttpRequest request, Throwable failure) {
        if (isPodsCall(request)) {
            listener.apiCallFailed(String.valueOf(request.uri()), PodLogRequest.describe(failure));
        }
    }

    @Override
    public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        // a 5xx is retried like a connection failure; 4xx answers reach the informer at once
        if (response.code() >= 500 && isPodsCall(request)) {
            listener.apiCallFailed(String.valueOf(request.uri()), "HTTP " + response.code());
        }
    }

    /** The informer's list and watch of pods ({@code …/pods}); a container's log ({@code …/pods/x/log}) is not. */
    private static boolean isPodsCall(HttpRequest request) {
        String path = request.uri() == null ? null : request.uri().getPath();
        return path != null && path.endsWith("/pods");
    }
}
