package dev.ferry.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code ferry run} as a separate process, started from the test's classpath in the repository's root. */
final class FerryProcess implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    final int httpPort;

    private FerryProcess(Process process, Path stdout, Path stderr, int httpPort) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.httpPort = httpPort;
    }

    /** The repository root (the agent module's parent). */
    static Path root() {
        Path cwd = Path.of("").toAbsolutePath();
        return Files.isDirectory(cwd.resolve("examples")) ? cwd : cwd.getParent();
    }

    static FerryProcess start(Path config, Path workDir, Map<String, String> env) throws IOException {
        int port = freePort();
        Path out = workDir.resolve("ferry.out");
        Path err = workDir.resolve("ferry.err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(
                        java,
                        "--enable-native-access=ALL-UNNAMED",
                        "-Xmx128m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.ferry.agent.cli.FerryCommand",
                        "run",
                        "--config",
                        config.toString()))
                .directory(root().toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().remove("LOKI_URL");
        pb.environment().put("FERRY_HTTP_PORT", String.valueOf(port));
        pb.environment().putAll(env);
        return new FerryProcess(pb.start(), out, err, port);
    }

    List<String> stdoutLines() throws IOException {
        return Files.readAllLines(stdout);
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    /** GETs a path of the agent's HTTP endpoint: status code and body, or -1 when it does not answer yet. */
    HttpResponse<String> get(String path) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Sends SIGTERM and returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    /** Waits for the process to end by itself and returns its exit code. */
    int waitForExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
