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
public final class FerryProcess implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    /** The agent's HTTP port (FERRY_HTTP_PORT), unless the caller's environment overrode it. */
    public final int httpPort;

    private FerryProcess(Process process, Path stdout, Path stderr, int httpPort) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.httpPort = httpPort;
    }

    /** The repository root (the agent module's parent). */
    public static Path root() {
        Path cwd = Path.of("").toAbsolutePath();
        return Files.isDirectory(cwd.resolve("examples")) ? cwd : cwd.getParent();
    }

    public static FerryProcess start(Path config, Path workDir, Map<String, String> env) throws IOException {
        int port = freePort();
        Path out = workDir.resolve("ferry.out");
        Path err = workDir.resolve("ferry.err");
        ProcessBuilder pb = new ProcessBuilder(List.of(
                        javaBinary(),
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

    public List<String> stdoutLines() throws IOException {
        return Files.readAllLines(stdout);
    }

    public String stderr() throws IOException {
        return Files.readString(stderr);
    }

    /** GETs a path of the agent's HTTP endpoint: status code and body, or -1 when it does not answer yet. */
    public HttpResponse<String> get(String path) {
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
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    /** Waits for the process to end by itself and returns its exit code. */
    public int waitForExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Sends SIGKILL (no drain, no final save of positions) and waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits at most {@code timeout} for the process to end by itself: its exit code, or empty while it runs. */
    public java.util.OptionalInt exitWithin(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                ? java.util.OptionalInt.of(process.exitValue())
                : java.util.OptionalInt.empty();
    }

    /**
     * Runs {@code ferry ARGS} to its end with {@code stdin} as standard input (e.g. {@code process}), in the
     * repository's root with {@code env} added: its standard output lines.
     */
    public static List<String> runCommand(List<String> args, Path stdin, Path workDir, Map<String, String> env)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "ferry-command", ".out");
        Path err = Files.createTempFile(workDir, "ferry-command", ".err");
        List<String> command = new java.util.ArrayList<>(List.of(
                javaBinary(),
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.ferry.agent.cli.FerryCommand"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(root().toFile())
                .redirectInput(stdin.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("ferry " + args + " did not finish within 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("ferry " + args + " exited " + p.exitValue() + ": " + Files.readString(err));
        }
        return Files.readAllLines(out);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
