package dev.ferry.agent.run;

import dev.ferry.agent.kubernetes.ContainerLogPosition;
import dev.ferry.agent.kubernetes.ContainerPositions;
import dev.ferry.agent.positions.PositionReporter;
import dev.ferry.agent.positions.PositionStore;
import dev.ferry.agent.positions.SavedPosition;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a Kubernetes source's container positions in the agent's position store: acks update an
 * in-memory map (quick, from the client's thread), and the store reads it at each sync. A gone
 * container stops being reported, so the store forgets it after its grace period.
 */
final class KubernetesPositionStore implements ContainerPositions, PositionReporter {
    private static final Logger log = LoggerFactory.getLogger(KubernetesPositionStore.class);
    private static final String ATTRIBUTE = "position";

    private final String source;
    private final PositionStore store;
    private final Map<String, ContainerLogPosition> live = new ConcurrentHashMap<>();
    /** Containers that are gone, with when: late acks must not bring their positions back. */
    private final Map<String, Long> gone = new ConcurrentHashMap<>();

    private static final long TOMBSTONE_NANOS = java.util.concurrent.TimeUnit.HOURS.toNanos(1);

    KubernetesPositionStore(String source, PositionStore store) {
        this.source = source;
        this.store = store;
    }

    @Override
    public ContainerLogPosition load(String key) {
        ContainerLogPosition current = live.get(key);
        if (current != null) {
            return current;
        }
        SavedPosition saved = store.lookup(source, key);
        String text = saved == null ? null : saved.attribute(ATTRIBUTE);
        if (text == null) {
            return null;
        }
        try {
            return ContainerLogPosition.decode(text);
        } catch (IllegalArgumentException e) {
            log.warn(
                    "source={} target={} saved position unreadable, reading the container from its start: {}",
                    source,
                    key,
                    e.getMessage());
            return null;
        }
    }

    @Override
    public void save(String key, ContainerLogPosition position) {
        if (!gone.containsKey(key)) {
            live.put(key, position); // called per acknowledged line: encoded only when the store syncs
        }
    }

    @Override
    public void gone(String key) {
        gone.put(key, System.nanoTime());
        live.remove(key);
    }

    @Override
    public void report(Collector out) {
        long now = System.nanoTime();
        gone.values().removeIf(at -> now - at > TOMBSTONE_NANOS);
        for (Map.Entry<String, ContainerLogPosition> e : live.entrySet()) {
            ContainerLogPosition p = e.getValue();
            out.position(e.getKey(), p.epochNanos(), 0, Map.of(ATTRIBUTE, p.encode()));
        }
    }
}
