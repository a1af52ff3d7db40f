package dev.ferry.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The agent's HTTP endpoint: {@code /metrics} (Prometheus text), {@code /ready} and
 * {@code /healthy} for probes, {@code /status} (JSON: targets, positions, lag). The JDK's HTTP
 * server with one handler thread; every answer is computed on it and is small. (Netty served this
 * before; starting Netty for it took about a third of Ferry's CPU before its first line read.)
 */
public final class AgentHttpServer implements AutoCloseable {
    /** What the endpoint reports; implemented by the running agent. */
    public interface Reporter {
        String metrics();

        /** Null when ready, else why not. */
        String notReadyReason();

        /** Null when healthy, else why not. */
        String unhealthyReason();

        String statusJson();
    }

    private final HttpServer server;
    private final ExecutorService handlerThread;

    /**
     * Binds {@code address:port} and serves; throws {@link ListenException} (one line, says what to change) when the
     * port cannot be had, so the agent can refuse to start before it reads anything.
     */
    public AgentHttpServer(String address, int port, Reporter reporter) {
        try {
            this.server = HttpServer.create(new InetSocketAddress(address, port), 0);
        } catch (IOException | RuntimeException e) {
            throw new ListenException(address, port, e);
        }
        this.handlerThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ferry-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(handlerThread);
        server.createContext("/", exchange -> serve(exchange, reporter));
        server.start();
    }

    /** The HTTP port could not be bound: the message names the address, the cause and the setting to change. */
    public static final class ListenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ListenException(String address, int port, Exception cause) {
            super(
                    "cannot listen on " + address + ":" + port + ": " + reason(cause)
                            + "; set server.http_listen_port (and server.http_listen_address) in the config to a"
                            + " free port, or stop the process that holds it",
                    cause);
        }

        /** The OS's words, as in {@code address already in use}; the class name when it has none. */
        private static String reason(Exception cause) {
            String m = cause.getMessage();
            if (m == null || m.isBlank()) {
                return cause.getClass().getSimpleName();
            }
            return Character.toLowerCase(m.charAt(0)) + m.substring(1);
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        handlerThread.shutdownNow();
    }

    private static final String TEXT = "text/plain; charset=utf-8";

    /** One response: status, content type and body. */
    private record Answer(int status, String type, String body) {
        static Answer text(int status, String body) {
            return new Answer(status, TEXT, body);
        }
    }

    private static void serve(HttpExchange exchange, Reporter r) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            Answer answer = method.equals("GET") || method.equals("HEAD")
                    ? route(exchange.getRequestURI().getPath(), r)
                    : Answer.text(405, "only GET\n");
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.type());
            if (method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
                exchange.sendResponseHeaders(answer.status(), -1);
                return;
            }
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Answer route(String path, Reporter r) {
        return switch (path) {
            case "/metrics" -> new Answer(200, "text/plain; version=0.0.4; charset=utf-8", r.metrics());
            case "/ready" -> probe(r.notReadyReason(), "ready");
            case "/healthy", "/-/healthy" -> probe(r.unhealthyReason(), "healthy");
            case "/status" -> new Answer(200, "application/json", r.statusJson());
            case "/" -> Answer.text(200, "ferry: /metrics /ready /healthy /status\n");
            default -> Answer.text(404, "not found: " + path + "\n");
        };
    }

    private static Answer probe(String problem, String what) {
        return problem == null
                ? Answer.text(200, what + "\n")
                : Answer.text(503, "not " + what + ": " + problem + "\n");
    }
}
