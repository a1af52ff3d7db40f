package dev.ferry.agent.kubernetes;

import dev.ferry.loki.Labels;

/**
 * One container of one pod, as discovery last saw it, with the Loki labels its relabel rules gave
 * it. A new instance replaces the old one whenever the pod changes (labels, restarts, state).
 *
 * @param podUid distinguishes a recreated pod of the same name (StatefulSets), so positions do not mix
 * @param containerId the runtime's id of the container's current instance ({@code containerd://…});
 *     changes on every restart
 * @param restartCount the kubelet's count of restarts
 * @param lastTerminatedEpochSecond when the previous instance finished (0 if none); used to decide
 *     whether the previous instance's log must be read ({@code previous=true})
 */
public record KubernetesTarget(
        String namespace,
        String pod,
        String podUid,
        String container,
        boolean init,
        String containerId,
        int restartCount,
        ContainerState state,
        long lastTerminatedEpochSecond,
        Labels labels) {

    /** What the kubelet reports for the container's current instance. */
    public enum ContainerState {
        RUNNING,
        TERMINATED,
        WAITING;
    }

    /** The position key: stable across agent restarts, distinct for a recreated pod. */
    public String key() {
        return key(namespace, pod, podUid, container);
    }

    static String key(String namespace, String pod, String podUid, String container) {
        return "kubernetes/" + namespace + "/" + pod + "/" + podUid + "/" + container;
    }

    /** The log API has something to serve: the container runs or has run and its log is kept. */
    public boolean hasLog() {
        return state != ContainerState.WAITING || restartCount > 0;
    }

    /** A short name for log lines and {@code /status}: {@code namespace/pod/container}. */
    public String displayName() {
        return namespace + "/" + pod + "/" + container;
    }
}
