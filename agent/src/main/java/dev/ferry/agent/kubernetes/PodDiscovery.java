package dev.ferry.agent.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the node's pods with a fabric8 informer ({@code spec.nodeName} field selector) and keeps
 * their targets current, telling a listener what appeared, changed or went. When the API cannot be
 * reached it says so once, keeps retrying (fabric8's backoff) and never throws into its caller.
 */
final class PodDiscovery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodDiscovery.class);

    /** Told of target changes, on the informer's single event thread. */
    interface Listener {
        /** A target appeared or changed (labels, container instance, state). */
        void targetUpdated(KubernetesTarget target);

        /** The container or its pod is gone. */
        void targetRemoved(KubernetesTarget lastSeen);
    }

    private final KubernetesClient client;
    private final String source;
    private final String nodeName;
    private final PodTargets podTargets;
    private final Listener listener;
    private final KubernetesApiStatus status;
    private final KubernetesSourceMetrics metrics;
    private final String missingConfiguration;
    /** pod uid → (target key → target) */
    private final Map<String, Map<String, KubernetesTarget>> byPod = new ConcurrentHashMap<>();

    private volatile SharedIndexInformer<Pod> informer;

    PodDiscovery(
            KubernetesClient client,
            String source,
            String nodeName,
            PodTargets podTargets,
            Listener listener,
            KubernetesApiStatus status,
            KubernetesSourceMetrics metrics,
            String missingConfiguration) {
        this.client = client;
        this.source = source;
        this.nodeName = nodeName;
        this.podTargets = podTargets;
        this.listener = listener;
        this.status = status;
        this.metrics = metrics;
        this.missingConfiguration = missingConfiguration;
    }

    /** Starts the informer and returns at once; pods arrive through the listener. */
    void start() {
        var pods = client.pods().inAnyNamespace();
        SharedIndexInformer<Pod> inf = nodeName == null
                ? pods.runnableInformer(0)
                : pods.withField("spec.nodeName", nodeName).runnableInformer(0);
        inf.addEventHandler(new ResourceEventHandler<Pod>() {
            @Override
            public void onAdd(Pod pod) {
                reachable();
                apply(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                reachable();
                apply(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                remove(uid(pod));
            }

            @Override
            public void onList(String resourceVersion, boolean empty) {
                reachable();
            }
        });
        inf.exceptionHandler((started, error) -> {
            failed(error);
            return true; // keep retrying, whatever the error: the operator may fix RBAC or the network
        });
        informer = inf;
        inf.start().whenComplete((ok, error) -> {
            if (error == null) {
                reachable();
            } else if (informer != null) {
                failed(error);
            }
        });
    }

    /** Every current target. */
    List<KubernetesTarget> targets() {
        List<KubernetesTarget> all = new ArrayList<>();
        byPod.values().forEach(m -> all.addAll(m.values()));
        return all;
    }

    private void apply(Pod pod) {
        String uid = uid(pod);
        if (nodeName != null
                && pod.getSpec() != null
                && !nodeName.equals(pod.getSpec().getNodeName())) {
            remove(uid); // the field selector should have kept it out; never follow another node's pod
            return;
        }
        Map<String, KubernetesTarget> next = new HashMap<>();
        for (KubernetesTarget t : podTargets.targets(pod)) {
            next.put(t.key(), t);
        }
        Map<String, KubernetesTarget> previous = next.isEmpty() ? byPod.remove(uid) : byPod.put(uid, next);
        if (previous != null) {
            for (KubernetesTarget old : previous.values()) {
                if (!next.containsKey(old.key())) {
                    listener.targetRemoved(old);
                }
            }
        }
        for (KubernetesTarget t : next.values()) {
            if (previous == null || !t.equals(previous.get(t.key()))) {
                listener.targetUpdated(t);
            }
        }
    }

    private void remove(String uid) {
        Map<String, KubernetesTarget> previous = byPod.remove(uid);
        if (previous != null) {
            previous.values().forEach(listener::targetRemoved);
        }
    }

    private void reachable() {
        if (status.markReachable()) {
            LOG.info("kubernetes source={} api=reachable node={}", source, nodeName == null ? "*" : nodeName);
        }
    }

    /**
     * One attempt to list or watch pods failed (told by {@link FailedApiCalls} at once, while fabric8 still retries):
     * the first says why the API is unreachable, without waiting for the retries to run out.
     */
    void apiCallFailed(String url, String cause) {
        recordFailure(
                url, missingConfiguration != null ? missingConfiguration : "cannot list pods at " + url + ": " + cause);
    }

    private void failed(Throwable error) {
        String url = String.valueOf(client.getMasterUrl());
        recordFailure(url, describe(url, error));
    }

    private void recordFailure(String url, String message) {
        metrics.discoveryErrors.increment();
        if (status.markUnreachable(message)) {
            LOG.warn(
                    "kubernetes source={} api=unreachable url={} error=\"{}\" action=retrying-with-backoff"
                            + " other_sources=unaffected",
                    source,
                    url,
                    message);
        }
    }

    private String describe(String url, Throwable error) {
        Throwable e = error;
        while (e != null && !(e instanceof KubernetesClientException)) {
            e = e.getCause();
        }
        if (e instanceof KubernetesClientException k && (k.getCode() == 401 || k.getCode() == 403)) {
            return "HTTP " + k.getCode()
                    + ": the service account may not list and watch pods (check the agent's ClusterRole)";
        }
        if (missingConfiguration != null) {
            return missingConfiguration;
        }
        return "cannot list pods at " + url + ": " + PodLogRequest.describe(error);
    }

    private static String uid(Pod pod) {
        String uid = pod.getMetadata().getUid();
        return uid != null
                ? uid
                : pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    @Override
    public void close() {
        SharedIndexInformer<Pod> inf = informer;
        informer = null;
        if (inf != null) {
            inf.stop();
        }
    }
}
