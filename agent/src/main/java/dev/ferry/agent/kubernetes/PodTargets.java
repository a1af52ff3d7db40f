package dev.ferry.agent.kubernetes;

import dev.ferry.agent.kubernetes.KubernetesTarget.ContainerState;
import dev.ferry.agent.relabel.Relabeler;
import dev.ferry.loki.Labels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a pod into its targets: one per container that the kubelet has created, labelled with
 * Prometheus's {@code __meta_kubernetes_*} names (pod role) and then relabelled. A target the rules
 * drop is left out.
 */
final class PodTargets {
    static final String META = "__meta_kubernetes_";

    private final Relabeler relabeler;

    PodTargets(Relabeler relabeler) {
        this.relabeler = relabeler;
    }

    List<KubernetesTarget> targets(Pod pod) {
        PodSpec spec = pod.getSpec();
        PodStatus status = pod.getStatus();
        ObjectMeta meta = pod.getMetadata();
        if (spec == null || status == null || meta == null) {
            return List.of();
        }
        Map<String, String> podLabels = podLabels(pod);
        List<KubernetesTarget> out = new ArrayList<>();
        addContainers(pod, spec.getInitContainers(), status.getInitContainerStatuses(), true, podLabels, out);
        addContainers(pod, spec.getContainers(), status.getContainerStatuses(), false, podLabels, out);
        return out;
    }

    private void addContainers(
            Pod pod,
            List<Container> containers,
            List<ContainerStatus> statuses,
            boolean init,
            Map<String, String> podLabels,
            List<KubernetesTarget> out) {
        if (containers == null || statuses == null) {
            return;
        }
        for (Container c : containers) {
            ContainerStatus s = find(statuses, c.getName());
            if (s == null || s.getState() == null) {
                continue; // not created yet: nothing to read
            }
            Map<String, String> labels = new HashMap<>(podLabels);
            put(labels, META + "pod_container_name", c.getName());
            put(labels, META + "pod_container_image", c.getImage());
            put(labels, META + "pod_container_init", Boolean.toString(init));
            put(labels, META + "pod_container_id", s.getContainerID());
            Labels lokiLabels = relabeler.toLokiLabels(labels);
            if (lokiLabels == null) {
                continue;
            }
            ObjectMeta m = pod.getMetadata();
            out.add(new KubernetesTarget(
                    m.getNamespace(),
                    m.getName(),
                    m.getUid() == null ? "" : m.getUid(),
                    c.getName(),
                    init,
                    s.getContainerID() == null ? "" : s.getContainerID(),
                    s.getRestartCount() == null ? 0 : s.getRestartCount(),
                    state(s),
                    lastTerminated(s),
                    lokiLabels));
        }
    }

    /** The pod-level meta labels, as Prometheus's pod role names them. */
    static Map<String, String> podLabels(Pod pod) {
        ObjectMeta m = pod.getMetadata();
        PodSpec spec = pod.getSpec();
        PodStatus status = pod.getStatus();
        Map<String, String> l = new HashMap<>();
        put(l, META + "namespace", m.getNamespace());
        put(l, META + "pod_name", m.getName());
        put(l, META + "pod_uid", m.getUid());
        put(l, META + "pod_node_name", spec.getNodeName());
        put(l, META + "pod_ip", status.getPodIP());
        put(l, META + "pod_host_ip", status.getHostIP());
        put(l, META + "pod_phase", status.getPhase());
        put(l, META + "pod_ready", ready(status));
        if (m.getLabels() != null) {
            m.getLabels().forEach((k, v) -> {
                String name = sanitize(k);
                put(l, META + "pod_label_" + name, v);
                l.put(META + "pod_labelpresent_" + name, "true");
            });
        }
        if (m.getAnnotations() != null) {
            m.getAnnotations().forEach((k, v) -> {
                String name = sanitize(k);
                put(l, META + "pod_annotation_" + name, v);
                l.put(META + "pod_annotationpresent_" + name, "true");
            });
        }
        if (m.getOwnerReferences() != null) {
            for (OwnerReference o : m.getOwnerReferences()) {
                if (Boolean.TRUE.equals(o.getController())) {
                    put(l, META + "pod_controller_kind", o.getKind());
                    put(l, META + "pod_controller_name", o.getName());
                    break;
                }
            }
        }
        return l;
    }

    /** Prometheus's label name sanitising: every character outside {@code [a-zA-Z0-9_]} becomes '_'. */
    static String sanitize(String name) {
        StringBuilder sb = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (!ok) {
                if (sb == null) {
                    sb = new StringBuilder(name);
                }
                sb.setCharAt(i, '_');
            }
        }
        return sb == null ? name : sb.toString();
    }

    private static String ready(PodStatus status) {
        if (status.getConditions() != null) {
            for (PodCondition c : status.getConditions()) {
                if ("Ready".equals(c.getType())) {
                    return "True".equals(c.getStatus()) ? "true" : "False".equals(c.getStatus()) ? "false" : "unknown";
                }
            }
        }
        return "unknown";
    }

    private static ContainerState state(ContainerStatus s) {
        if (s.getState().getRunning() != null) {
            return ContainerState.RUNNING;
        }
        if (s.getState().getTerminated() != null) {
            return ContainerState.TERMINATED;
        }
        return ContainerState.WAITING;
    }

    private static long lastTerminated(ContainerStatus s) {
        if (s.getLastState() == null || s.getLastState().getTerminated() == null) {
            return 0;
        }
        String finished = s.getLastState().getTerminated().getFinishedAt();
        if (finished == null) {
            return 0;
        }
        try {
            return Instant.parse(finished).getEpochSecond();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    private static ContainerStatus find(List<ContainerStatus> statuses, String name) {
        for (ContainerStatus s : statuses) {
            if (name.equals(s.getName())) {
                return s;
            }
        }
        return null;
    }

    private static void put(Map<String, String> labels, String name, String value) {
        if (value != null) {
            labels.put(name, value);
        }
    }
}
