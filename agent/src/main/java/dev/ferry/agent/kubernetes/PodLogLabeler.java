package dev.ferry.agent.kubernetes;

import dev.ferry.agent.file.FileLabeler;
import dev.ferry.agent.file.FileLabels;
import dev.ferry.agent.kubernetes.KubernetesTarget.ContainerState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Labels each file under {@code log_root} with the targets discovery found: the file of
 * {@code <namespace>_<pod>_<uid>/<container>/} gets that container's relabelled labels. A file whose
 * pod is not known (yet) waits; a file of an earlier or exited instance of its container, or of a pod
 * that is gone, is read to its end and closed; a file whose real path is not under {@code log_root}
 * (a symbolic link leading out) is never read.
 *
 * <p>Discovery updates it from the informer's thread; the file reader asks it from its own.
 */
final class PodLogLabeler implements FileLabeler, PodDiscovery.Listener {
    /** How long a gone container's labels are kept for files not opened yet (then they are left unread). */
    static final Duration GONE_GRACE = Duration.ofMinutes(15);

    private record Gone(KubernetesTarget target, long sinceMillis) {}

    private final Path root;
    private final Clock clock;
    private final Runnable changed;
    private final Map<String, KubernetesTarget> live = new ConcurrentHashMap<>();
    private final Map<String, Gone> gone = new ConcurrentHashMap<>();

    /**
     * @param root the log root, already resolved to its real path
     * @param changed called when a target appears, changes or goes (the source scans again at once)
     */
    PodLogLabeler(Path root, Clock clock, Runnable changed) {
        this.root = root;
        this.clock = clock;
        this.changed = changed;
    }

    @Override
    public void targetUpdated(KubernetesTarget target) {
        String key = key(target);
        live.put(key, target);
        gone.remove(key);
        changed.run();
    }

    @Override
    public void targetRemoved(KubernetesTarget lastSeen) {
        String key = key(lastSeen);
        live.remove(key);
        long now = clock.millis();
        gone.values().removeIf(g -> now - g.sinceMillis() > GONE_GRACE.toMillis());
        gone.put(key, new Gone(lastSeen, now));
        changed.run();
    }

    @Override
    public FileLabels labels(Path path) {
        PodLogPath p = PodLogPath.parse(root, path);
        if (p == null) {
            return FileLabels.refused(
                    "not a pod log: the kubelet writes <log_root>/<namespace>_<pod>_<uid>/<container>/<n>.log");
        }
        FileLabels decision = decide(p);
        if (!decision.readable()) {
            return decision;
        }
        // /var/log/pods may hold symbolic links (some runtimes): follow them only within log_root
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            return FileLabels.waiting("cannot resolve its real path: " + e);
        }
        if (!real.startsWith(root)) {
            return FileLabels.refused("symbolic link leads out of log_root " + root + " to " + real);
        }
        return decision;
    }

    private FileLabels decide(PodLogPath p) {
        String key = p.containerKey();
        KubernetesTarget t = live.get(key);
        if (t != null) {
            if (!t.namespace().equals(p.namespace()) || !t.pod().equals(p.pod())) {
                return FileLabels.waiting("pod uid " + p.uid() + " is " + t.namespace() + "/" + t.pod()
                        + ", not the directory's " + p.namespace() + "/" + p.pod());
            }
            if (p.restart() >= 0 && p.restart() < t.restartCount()) {
                return FileLabels.last(
                        t.labels(),
                        "earlier instance " + p.restart() + " (the container restarted " + t.restartCount()
                                + " times)");
            }
            if (p.restart() == t.restartCount() && t.state() == ContainerState.TERMINATED) {
                return FileLabels.last(t.labels(), "the container exited");
            }
            return FileLabels.read(t.labels(), false);
        }
        Gone g = gone.get(key);
        if (g != null
                && g.target().namespace().equals(p.namespace())
                && g.target().pod().equals(p.pod())) {
            return FileLabels.last(g.target().labels(), "the pod or container is gone");
        }
        return FileLabels.waiting("no target for " + p.namespace() + "/" + p.pod() + " (uid " + p.uid() + ") container "
                + p.container() + ": not discovered yet, or dropped by the relabel rules");
    }

    /** Targets discovery knows now. */
    int liveTargets() {
        return live.size();
    }

    private static String key(KubernetesTarget t) {
        return t.podUid() + "/" + t.container();
    }
}
