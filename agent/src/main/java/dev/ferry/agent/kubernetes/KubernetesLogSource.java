package dev.ferry.agent.kubernetes;

import dev.ferry.agent.relabel.Relabeler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kubernetes} source in {@code api} mode: discovers the node's pods and follows each
 * container's log through the API (as Alloy's {@code loki.source.kubernetes} does), handing lines
 * to a {@link LogLineSink} and keeping per-container positions in {@link ContainerPositions}.
 * One virtual thread per followed container; discovery runs on fabric8's informer thread.
 */
public final class KubernetesLogSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesLogSource.class);

    /**
     * One target for {@code /status}.
     *
     * @param acked the saved position (every line up to it settled), or null if nothing settled yet
     * @param sent how far lines were handed to the sink, or null
     * @param inFlight lines handed on and not yet settled
     * @param lastError the follower's last stream error since its last good stream, or null
     */
    public record TargetStatus(
            KubernetesTarget target,
            boolean streaming,
            ContainerLogPosition acked,
            ContainerLogPosition sent,
            int inFlight,
            String lastError) {}

    private final KubernetesClient client;
    private final boolean ownsClient;
    private final KubernetesSourceConfig config;
    private final LogLineSink sink;
    private final ContainerPositions positions;
    private final Clock clock;
    private final KubernetesApiStatus apiStatus;
    private final KubernetesSourceMetrics metrics;
    private final PodLogRequest request;
    private final PodDiscovery discovery;
    private final Map<String, PodLogFollower> followers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * A source over {@code client} (the caller closes it). Nothing happens until {@link #start()}.
     *
     * @param clock for status times and for lines that carry no kubelet timestamp
     */
    public KubernetesLogSource(
            KubernetesClient client,
            KubernetesSourceConfig config,
            LogLineSink sink,
            ContainerPositions positions,
            MeterRegistry registry,
            Clock clock) {
        this(client, false, null, config, sink, positions, registry, clock);
    }

    private KubernetesLogSource(
            KubernetesClient client,
            boolean ownsClient,
            String missingConfiguration,
            KubernetesSourceConfig config,
            LogLineSink sink,
            ContainerPositions positions,
            MeterRegistry registry,
            Clock clock) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.config = config;
        this.sink = sink;
        this.positions = positions;
        this.clock = clock;
        this.apiStatus = new KubernetesApiStatus(clock);
        this.metrics = new KubernetesSourceMetrics(
                registry,
                config.name(),
                followers,
                KubernetesLogSource::podsStreaming,
                KubernetesLogSource::containersStreaming,
                apiStatus);
        this.request = new PodLogRequest(client);
        this.discovery = new PodDiscovery(
                client,
                config.name(),
                config.nodeName(),
                new PodTargets(new Relabeler(config.relabelRules())),
                new DiscoveryListener(),
                apiStatus,
                metrics,
                missingConfiguration);
    }

    /** Hears of failed pod list and watch attempts from the interceptor of this source's client, at once. */
    KubernetesLogSource reportingFrom(FailedApiCalls failures) {
        failures.tell(discovery::apiCallFailed);
        return this;
    }

    /**
     * A source with its own client, configured the usual way (in-cluster service account,
     * {@code KUBECONFIG}, {@code ~/.kube/config}); closed with the source. Without any configuration
     * the source still starts, reports the API unreachable with the reason, and keeps retrying.
     */
    public static KubernetesLogSource create(
            KubernetesSourceConfig config, LogLineSink sink, ContainerPositions positions, MeterRegistry registry) {
        FailedApiCalls failures = new FailedApiCalls();
        return new KubernetesLogSource(
                        KubernetesClients.create(failures),
                        true,
                        KubernetesClients.missingConfiguration(),
                        config,
                        sink,
                        positions,
                        registry,
                        Clock.systemUTC())
                .reportingFrom(failures);
    }

    /** Starts discovery; returns at once. Never throws for an unreachable API. */
    public void start() {
        discovery.start();
    }

    public KubernetesApiStatus.Snapshot apiStatus() {
        return apiStatus.snapshot();
    }

    /** Every discovered target, with its follower's state, sorted by name. */
    public List<TargetStatus> targets() {
        List<TargetStatus> out = new ArrayList<>();
        for (KubernetesTarget t : discovery.targets()) {
            PodLogFollower f = followers.get(t.key());
            if (f == null) {
                out.add(new TargetStatus(t, false, null, null, 0, null));
            } else {
                StreamProgress p = f.progress();
                out.add(new TargetStatus(
                        t, f.streaming(), p.ackedPosition(), p.sentPosition(), p.inFlight(), f.lastError()));
            }
        }
        out.sort(Comparator.comparing(s -> s.target().key()));
        return out;
    }

    /**
     * The acknowledged position of every container still followed (waiting ones included), for a
     * position store that asks sources at each sync. Containers no longer reported are gone.
     */
    public void forEachPosition(BiConsumer<String, ContainerLogPosition> out) {
        for (PodLogFollower f : followers.values()) {
            ContainerLogPosition p = f.progress().ackedPosition();
            if (p != null) {
                out.accept(f.key(), p);
            }
        }
    }

    public KubernetesSourceConfig config() {
        return config;
    }

    /**
     * Stops discovery and every follower (a follower blocked in the sink is interrupted). Lines in
     * flight keep their acks: settling them later still saves positions.
     */
    @Override
    public void close() {
        closed = true;
        discovery.close();
        for (PodLogFollower f : List.copyOf(followers.values())) {
            try {
                f.close(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (ownsClient) {
            client.close();
        }
    }

    private static double podsStreaming(Map<String, PodLogFollower> followers) {
        Set<String> pods = new HashSet<>();
        for (PodLogFollower f : followers.values()) {
            if (f.streaming()) {
                pods.add(f.target().podUid());
            }
        }
        return pods.size();
    }

    private static double containersStreaming(Map<String, PodLogFollower> followers) {
        int n = 0;
        for (PodLogFollower f : followers.values()) {
            if (f.streaming()) {
                n++;
            }
        }
        return n;
    }

    private final class DiscoveryListener implements PodDiscovery.Listener, PodLogFollower.Owner {
        @Override
        public void targetUpdated(KubernetesTarget target) {
            if (closed) {
                return;
            }
            PodLogFollower f = followers.get(target.key());
            if (f != null) {
                f.update(target);
                return;
            }
            f = new PodLogFollower(config.name(), target, request, sink, positions, metrics, clock, config, this);
            followers.put(target.key(), f);
            LOG.debug("kubernetes source={} container={} following", config.name(), target.displayName());
            f.start();
        }

        @Override
        public void targetRemoved(KubernetesTarget lastSeen) {
            PodLogFollower f = followers.get(lastSeen.key());
            if (f != null) {
                f.markGone();
            }
        }

        @Override
        public void followerEnded(PodLogFollower follower) {
            followers.remove(follower.key(), follower);
            if (!closed) {
                positions.gone(follower.key());
                LOG.debug(
                        "kubernetes source={} container={} done",
                        config.name(),
                        follower.target().displayName());
            }
        }
    }
}
