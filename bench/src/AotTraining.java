import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The training run that builds Ferry's AOT cache (JDK 25, JEP 483/514/515): Ferry runs its real work
 * once with {@code -XX:AOTCacheOutput}, and the JVM stores the classes it loaded and linked, its
 * lambda and method-handle forms and its method profiles in the cache, which later starts reuse.
 *
 * <p>The work is the seed's: files of the {@code default} pipeline's mix and Plex lines through the
 * seed's two pipelines, pushed to a local Loki-protocol receiver (snappy + protobuf, as to Loki), with
 * the HTTP endpoints read while it runs. Ferry is then stopped with SIGTERM, as the kubelet stops it,
 * so the shutdown path is trained too, and the JVM writes the cache as it exits.
 *
 * <pre>
 *   java -cp CLASSES:ferry.jar AotTraining --jar ferry.jar --cache ferry.aot --work DIR --pipelines seed.yaml
 *       [--java JAVA] [--lines N] -- JVM_FLAGS...
 * </pre>
 *
 * Run by {@code scripts/aot-cache}, in the image build and by the benchmarks.
 */
public final class AotTraining {
    public static void main(String[] args) throws Exception {
        Path jar = null;
        Path cache = null;
        Path work = null;
        Path pipelines = null;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long lines = 200_000;
        List<String> jvmFlags = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[++i]);
                case "--cache" -> cache = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--pipelines" -> pipelines = Path.of(args[++i]);
                case "--java" -> java = args[++i];
                case "--lines" -> lines = Long.parseLong(args[++i]);
                case "--" -> {
                    jvmFlags.addAll(List.of(args).subList(i + 1, args.length));
                    i = args.length;
                }
                default -> fail("unknown argument " + args[i]);
            }
        }
        if (jar == null || cache == null || work == null || pipelines == null) {
            fail("usage: AotTraining --jar JAR --cache OUT --work DIR --pipelines SEED_YAML [--java JAVA]"
                    + " [--lines N] -- JVM_FLAGS...");
        }
        int code = train(jar, cache.toAbsolutePath(), work.toAbsolutePath(), pipelines, java, lines, jvmFlags);
        System.exit(code);
    }

    private static int train(
            Path jar, Path cache, Path work, Path pipelines, String java, long lines, List<String> jvmFlags)
            throws Exception {
        Path logs = work.resolve("logs");
        Files.createDirectories(logs);
        Files.createDirectories(work.resolve("positions"));
        Path input = work.resolve("input.txt");
        LoadGenerator.main(new String[] {
            "--dir", logs.toString(), "--files", "4", "--plex-files", "1", "--lines", Long.toString(lines),
            "--rate", "0", "--summary", input.toString()
        });
        long expected = Long.parseLong(value(Files.readString(input), "expected_entries"));

        Path portFile = work.resolve("receiver.port");
        BenchReceiver.main(new String[] {"--port-file", portFile.toString()});
        int receiverPort = Integer.parseInt(Files.readString(portFile).trim());
        int httpPort;
        try (ServerSocket s = new ServerSocket(0)) {
            httpPort = s.getLocalPort();
        }
        String seedPipelines = Files.readString(pipelines);
        seedPipelines = seedPipelines.substring(seedPipelines.indexOf("\npipelines:") + 1);
        Path config = work.resolve("config.yaml");
        Files.writeString(
                config,
                "server: {http_listen_address: 127.0.0.1, http_listen_port: " + httpPort + ", log_level: info}\n"
                        + "positions: {directory: " + work.resolve("positions") + ", sync_period: 1s}\n"
                        + "loki:\n"
                        + "  - url: http://127.0.0.1:" + receiverPort + "/loki/api/v1/push\n"
                        + "sources:\n"
                        + "  - name: app\n"
                        + "    pipeline: default\n"
                        + "    file: {paths: [\"" + logs + "/app-*.log\"], labels: {namespace: aot, app: api,"
                        + " service_name: aot/api}}\n"
                        + "  - name: plex\n"
                        + "    pipeline: plex\n"
                        + "    file: {paths: [\"" + logs + "/plex-*.log\"], labels: {namespace: plex, app: plex,"
                        + " source: file, service_name: plex/plex}}\n"
                        + seedPipelines);

        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmFlags);
        command.add("-XX:AOTCacheOutput=" + cache);
        command.addAll(List.of("-jar", jar.toString(), "run", "--config", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.redirectOutput(work.resolve("ferry.log").toFile());
        pb.environment().put("PLEX_TIMEZONE", "UTC");
        Files.deleteIfExists(cache);
        System.out.println("aot-training: " + String.join(" ", command));
        long start = System.nanoTime();
        Process ferry = pb.start();
        long deadline = start + TimeUnit.MINUTES.toNanos(5);
        long received = 0;
        while (received < expected && System.nanoTime() < deadline && ferry.isAlive()) {
            Thread.sleep(200);
            received = Long.parseLong(value(get(receiverPort, "/stats"), "entries"));
            get(httpPort, "/ready"); // the HTTP endpoints' code belongs in the cache too
            get(httpPort, "/metrics");
        }
        if (received < expected) {
            System.err.println("aot-training: Ferry delivered " + received + " of " + expected
                    + " entries; see " + work.resolve("ferry.log"));
            ferry.destroyForcibly();
            return 1;
        }
        ferry.destroy(); // SIGTERM: a normal shutdown, after which the JVM writes the cache
        if (!ferry.waitFor(3, TimeUnit.MINUTES)) {
            System.err.println("aot-training: Ferry did not exit; see " + work.resolve("ferry.log"));
            ferry.destroyForcibly();
            return 1;
        }
        if (!Files.isRegularFile(cache) || Files.size(cache) == 0) {
            System.err.println("aot-training: no AOT cache at " + cache + "; see " + work.resolve("ferry.log"));
            return 1;
        }
        System.out.printf(
                "aot-training: %d entries in %.1f s; AOT cache %s (%d MiB)%n",
                received, (System.nanoTime() - start) / 1e9, cache, Files.size(cache) >> 20);
        return 0;
    }

    /** The body of GET http://127.0.0.1:PORT/PATH, or "" when it fails (Ferry still starting). */
    private static String get(int port, String path) {
        try (InputStream in = URI.create("http://127.0.0.1:" + port + path).toURL().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String value(String keyValues, String key) {
        for (String line : keyValues.split("\n")) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1);
            }
        }
        return "0";
    }

    private static void fail(String message) {
        System.err.println("aot-training: " + message);
        System.exit(2);
    }
}
