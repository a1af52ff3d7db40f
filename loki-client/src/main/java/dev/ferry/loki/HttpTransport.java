package dev.ferry.loki;

import java.io.IOException;
import java.util.Map;

/** Posts one request body and waits for the answer; the client's only contact with the network. */
interface HttpTransport extends AutoCloseable {
    /**
     * Sends {@code length} bytes of {@code body} with {@code headers} and waits at most
     * {@code timeoutNanos} for the answer.
     *
     * @throws IOException when no answer came: connection refused or closed, timeout, TLS failure
     */
    HttpAnswer post(byte[] body, int length, Map<String, String> headers, long timeoutNanos)
            throws IOException, InterruptedException;

    /**
     * Asks Loki's {@code /ready} (beside the push path) whether it is back, while the client waits
     * to retry after failures.
     *
     * @throws IOException when no answer came
     */
    HttpAnswer ready(Map<String, String> headers, long timeoutNanos) throws IOException, InterruptedException;

    @Override
    void close();
}
