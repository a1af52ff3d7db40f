package dev.ferry.loki.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A real Loki 3.4.6 process for tests, from the binary kept in {@code ../shared/loki/} beside the
 * project (absent on a user's fresh clone: {@link #find()} then returns empty and tests skip).
 */
public final class LocalLoki implements AutoCloseable {
    private static final String BINARY = "loki-3.4.6-linux-amd64.gz";

    private final Process process;
    private final Path workDir;
    private final int httpPort;

    private LocalLoki(Process process, Path workDir, int httpPort) {
        this.process = process;
        this.workDir = workDir;
        this.httpPort = httpPort;
    }

    /** The folder holding Loki's binary and config, looked up from the working directory upwards. */
    public static Optional<Path> find() {
        String override = System.getenv("FERRY_SHARED_LOKI");
        if (override != null && Files.isRegularFile(Path.of(override, BINARY))) {
            return Optional.of(Path.of(override));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("loki");
            if (Files.isRegularFile(candidate.resolve(BINARY))) {
                return Optional.of(candidate);
            }
            candidate = dir.resolveSibling("shared").resolve("loki");
            if (Files.isRegularFile(candidate.resolve(BINARY))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Unpacks and starts Loki with fresh data and free ports, and waits until /ready answers 200. */
    public static LocalLoki start(Path sharedDir) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("ferry-loki-");
        Path binary = work.resolve("loki");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(sharedDir.resolve(BINARY)));
                OutputStream out = Files.newOutputStream(binary)) {
            in.transferTo(out);
        }
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwx------"));
        int http = freePort();
        int grpc = freePort();
        ProcessBuilder pb = new ProcessBuilder(
                        binary.toString(), "-config.file=" + sharedDir.resolve("loki.yaml"), "-config.expand-env=true")
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("loki.out").toFile());
        pb.environment().put("LOKI_DATA", work.resolve("data").toString());
        pb.environment().put("LOKI_HTTP_PORT", String.valueOf(http));
        pb.environment().put("LOKI_GRPC_PORT", String.valueOf(grpc));
        pb.environment().put("TZ", "UTC"); // Loki writes times in its messages in its local zone
        LocalLoki loki = new LocalLoki(pb.start(), work, http);
        loki.awaitReady(Duration.ofSeconds(90));
        return loki;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public String pushUrl() {
        return baseUrl() + "/loki/api/v1/push";
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("loki exited with " + process.exitValue() + ": "
                        + Files.readString(workDir.resolve("loki.out")));
            }
            try {
                HttpURLConnection c = (HttpURLConnection)
                        URI.create(baseUrl() + "/ready").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(1000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250); // polling a child process's readiness: there is nothing to await on
        }
        close();
        throw new IOException("loki not ready after " + timeout);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
