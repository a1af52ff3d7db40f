package dev.ferry.agent.kubernetes;

import dev.ferry.agent.file.FileSource;
import dev.ferry.agent.file.FileSourceConfig;
import dev.ferry.agent.file.FileTargetStatus;
import dev.ferry.agent.file.LineSink;
import dev.ferry.agent.positions.PositionStore;
import dev.ferry.agent.relabel.Relabeler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code kubernetes} source in {@code files} mode: discovers the node's pods like {@code api} mode
 * and reads their containers' logs from the kubelet's files ({@code <log_root>/<ns>_<pod>_<uid>/<container>/<n>.log},
 * CRI or Docker JSON) with the file source's tailer: rotation, positions and backpressure as for any
 * file. Each file is labelled from its container's target ({@link PodLogLabeler}); runtime headers are
 * read and partial lines joined per file ({@link CriLineFramer}). Needs only pods get/list/watch.
 */
public final class KubernetesFileSource implements AutoCloseable {
    /** Where under the log root the kubelet writes container logs. */
    static final String LAYOUT = "*/*/*.log";
    /** How long a partial line waits for its end once its file is quiet. */
    static final Duration PARTIAL_WAIT = Duration.ofSeconds(5);
    /** Room for the runtime's header on top of the line limit. */
    private static final int HEADER_ROOM = 1024;

    private final KubernetesClient client;
    private final boolean ownsClient;
    private final KubernetesSourceConfig config;
    private final Path root;
    private final KubernetesApiStatus apiStatus;
    private final PodDiscovery discovery;
    private final FileSource files;

    /**
     * A source over {@code client} (the caller closes it). Nothing happens until {@link #start()}.
     *
     * @param logRoot the kubelet's pod log directory (normally /var/log/pods); symbolic links are
     *     followed only to files whose real path is under it
     * @param sink receives every entry (text without the runtime header, runtime timestamp); may refuse
     * @param store positions, under the source's name
     * @param syncPeriod how often the log root is scanned for new files (also at once when a pod appears)
     */
    public KubernetesFileSource(
            KubernetesClient client,
            KubernetesSourceConfig config,
            Path logRoot,
            LineSink sink,
            PositionStore store,
            MeterRegistry meters,
            Clock clock,
            Duration syncPeriod) {
        this(client, false, null, config, logRoot, sink, store, meters, clock, syncPeriod);
    }

    private KubernetesFileSource(
            KubernetesClient client,
            boolean ownsClient,
            String missingConfiguration,
            KubernetesSourceConfig config,
            Path logRoot,
            LineSink sink,
            PositionStore store,
            MeterRegistry meters,
            Clock clock,
            Duration syncPeriod) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.config = config;
        this.root = realRoot(logRoot);
        this.apiStatus = new KubernetesApiStatus(clock);
        KubernetesSourceMetrics metrics = new KubernetesSourceMetrics(
                meters,
                config.name(),
                this,
                KubernetesFileSource::podsOpen,
                KubernetesFileSource::containersOpen,
                apiStatus);
        FileSourceConfig fileConfig = new FileSourceConfig(
                config.name(),
                List.of(root + "/" + LAYOUT),
                null,
                Map.of(),
                false,
                StandardCharsets.UTF_8,
                syncPeriod,
                null,
                config.maxLineBytes() + HEADER_ROOM,
                false,
                null,
                null);
        FileSource[] self = new FileSource[1];
        PodLogLabeler labeler = new PodLogLabeler(root, clock, () -> {
            FileSource f = self[0];
            if (f != null) {
                f.requestScan();
            }
        });
        long maxLine = config.maxLineBytes();
        long waitMillis = PARTIAL_WAIT.toMillis();
        this.files = new FileSource(
                fileConfig,
                labeler,
                () -> new CriLineFramer(clock, maxLine, waitMillis, metrics),
                sink,
                store,
                meters,
                clock);
        self[0] = files;
        this.discovery = new PodDiscovery(
                client,
                config.name(),
                config.nodeName(),
                new PodTargets(new Relabeler(config.relabelRules())),
                labeler,
                apiStatus,
                metrics,
                missingConfiguration);
    }

    /** Hears of failed pod list and watch attempts from the interceptor of this source's client, at once. */
    private KubernetesFileSource reportingFrom(FailedApiCalls failures) {
        failures.tell(discovery::apiCallFailed);
        return this;
    }

    /**
     * A source with its own client, configured the usual way (in-cluster service account,
     * {@code KUBECONFIG}, {@code ~/.kube/config}); closed with the source. Without any configuration
     * it still starts, reports the API unreachable, keeps retrying, and reads no file (every file
     * waits for its pod).
     */
    public static KubernetesFileSource create(
            KubernetesSourceConfig config, Path logRoot, LineSink sink, PositionStore store, MeterRegistry meters) {
        FailedApiCalls failures = new FailedApiCalls();
        return new KubernetesFileSource(
                        KubernetesClients.create(failures),
                        true,
                        KubernetesClients.missingConfiguration(),
                        config,
                        logRoot,
                        sink,
                        store,
                        meters,
                        Clock.systemUTC(),
                        FileSourceConfig.DEFAULT_SYNC_PERIOD)
                .reportingFrom(failures);
    }

    /** The log root resolved through symbolic links (the walk does not enter a linked directory). */
    private static Path realRoot(Path logRoot) {
        Path absolute = logRoot.toAbsolutePath().normalize();
        try {
            return Files.exists(absolute) ? absolute.toRealPath() : absolute;
        } catch (IOException e) {
            return absolute;
        }
    }

    /** Starts discovery and the file reader; returns at once. Never throws for an unreachable API. */
    public void start() {
        discovery.start();
        files.start();
    }

    /** True while downstream refused the reader's last line. */
    public boolean waitingForRoom() {
        return files.waitingForRoom();
    }

    /** Wakes the reader: call when downstream has room again after refusing a line. */
    public void wakeUp() {
        files.wakeUp();
    }

    /** Every open file with its labels and offsets, for {@code /status}. */
    public List<FileTargetStatus> status() {
        return files.status();
    }

    public KubernetesApiStatus.Snapshot apiStatus() {
        return apiStatus.snapshot();
    }

    public String name() {
        return config.name();
    }

    /** The log root as read (its real path). */
    public Path logRoot() {
        return root;
    }

    private static double podsOpen(KubernetesFileSource s) {
        return s.distinct(false);
    }

    private static double containersOpen(KubernetesFileSource s) {
        return s.distinct(true);
    }

    private int distinct(boolean containers) {
        FileSource f = files; // null while the constructor runs (a scrape may come from another thread)
        if (f == null) {
            return 0;
        }
        Set<String> seen = new HashSet<>();
        for (FileTargetStatus t : f.status()) {
            PodLogPath p = PodLogPath.parse(root, Path.of(t.path()));
            if (p != null) {
                seen.add(containers ? p.containerKey() : p.uid());
            }
        }
        return seen.size();
    }

    /** See {@link FileSource#stopReading()}. */
    public void stopReading() {
        files.stopReading();
    }

    /**
     * Stops discovery and the reader. Lines in flight keep their acks: settling them later still
     * saves positions (close the position store after the sinks).
     */
    @Override
    public void close() {
        discovery.close();
        files.close();
        if (ownsClient) {
            client.close();
        }
    }
}
