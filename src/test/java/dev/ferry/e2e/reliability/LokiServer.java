package dev.ferry.e2e.reliability;

import dev.ferry.e2e.FerryProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The real Loki 3.4.6 binary from {@code ../shared/loki/}, which, unlike {@code LocalLoki}, can be
 * stopped and started again on the same ports with the same data directory (a Loki outage).
 */
final class LokiServer implements AutoCloseable {
    private static final String BINARY = "loki-3.4.6-linux-amd64.gz";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path sharedDir;
    private final Path work;
    private final Path binary;
    private final int httpPort;
    private final int grpcPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private Process process;
    private long acceptingSince;

    private LokiServer(Path sharedDir, Path work, Path binary, int httpPort, int grpcPort) {
        this.sharedDir = sharedDir;
        this.work = work;
        this.binary = binary;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
    }

    /** Unpacks the binary into a fresh temporary directory and starts it on two free ports. */
    static LokiServer start(Path sharedDir) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("ferry-reliability-loki-");
        Path binary = work.resolve("loki");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(sharedDir.resolve(BINARY)));
                OutputStream out = Files.newOutputStream(binary)) {
            in.transferTo(out);
        }
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwx------"));
        LokiServer loki = new LokiServer(sharedDir, work, binary, FerryProcess.freePort(), FerryProcess.freePort());
        loki.startAgain();
        return loki;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    String pushUrl() {
        return baseUrl() + "/loki/api/v1/push";
    }

    /** Starts the stopped Loki with the same ports and data, and waits until {@code /ready} answers 200. */
    synchronized void startAgain() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("loki is already running");
        }
        ProcessBuilder pb = new ProcessBuilder(
                        binary.toString(), "-config.file=" + sharedDir.resolve("loki.yaml"), "-config.expand-env=true")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        work.resolve("loki.out").toFile()));
        pb.environment().put("LOKI_DATA", work.resolve("data").toString());
        pb.environment().put("LOKI_HTTP_PORT", String.valueOf(httpPort));
        pb.environment().put("LOKI_GRPC_PORT", String.valueOf(grpcPort));
        process = pb.start();
        acceptingSince = 0;
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!ready()) {
            if (acceptingSince == 0 && acceptsPush()) {
                acceptingSince = System.nanoTime();
            }
            if (!process.isAlive()) {
                throw new IOException("loki exited with " + process.exitValue() + ": " + log());
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IOException("loki not ready after " + READY_TIMEOUT + ": " + log());
            }
            Thread.sleep(100); // polling a child process's readiness: there is nothing to await on
        }
        if (acceptingSince == 0) {
            acceptingSince = System.nanoTime();
        }
    }

    /**
     * When (System.nanoTime) the last start first took a push: Loki takes pushes seconds before its
     * {@code /ready} answers 200, so this is the earliest moment a client could deliver again.
     */
    synchronized long acceptingSince() {
        return acceptingSince;
    }

    /** Loki stores a one-line push (label {@code probe="reliability"}, apart from every run's streams). */
    private boolean acceptsPush() {
        String body = "{\"streams\":[{\"stream\":{\"probe\":\"reliability\"},\"values\":[[\""
                + System.currentTimeMillis() * 1_000_000L + "\",\"probe\"]]}]}";
        try {
            HttpResponse<Void> r = http.send(
                    HttpRequest.newBuilder(URI.create(pushUrl()))
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(2))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops Loki with SIGTERM (as an orchestrator would), waiting until the process is gone. */
    synchronized void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** {@code /ready} answers 200. */
    boolean ready() {
        try {
            HttpResponse<Void> r = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/ready"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String log() throws IOException {
        String all = Files.readString(work.resolve("loki.out"));
        return all.length() > 4000 ? all.substring(all.length() - 4000) : all;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
