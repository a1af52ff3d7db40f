package dev.ferry.agent.kubernetes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Where the Kubernetes source keeps its per-container positions; the agent backs it with its
 * position store. {@link #save} is called from the sink's acknowledgement thread, so it must be
 * quick and must not block (keep the value in memory, write it out on the store's own schedule).
 */
public interface ContainerPositions {
    /** The saved position for {@code key} ({@link KubernetesTarget#key()}), or null. */
    ContainerLogPosition load(String key);

    /** Every line up to {@code position} is settled. */
    void save(String key, ContainerLogPosition position);

    /** The container will never be read again (its pod is gone); the store may forget it after its grace period. */
    void gone(String key);

    /**
     * Positions kept as text by a store that offers get/put/remove of strings. A stored value that
     * does not decode is treated as absent (the stream is read from its start again: duplicates,
     * never loss) and reported to {@code corrupt}.
     */
    static ContainerPositions ofText(
            Function<String, String> get,
            BiConsumer<String, String> put,
            Consumer<String> gone,
            BiConsumer<String, IllegalArgumentException> corrupt) {
        return new ContainerPositions() {
            @Override
            public ContainerLogPosition load(String key) {
                String text = get.apply(key);
                if (text == null) {
                    return null;
                }
                try {
                    return ContainerLogPosition.decode(text);
                } catch (IllegalArgumentException e) {
                    corrupt.accept(key, e);
                    return null;
                }
            }

            @Override
            public void save(String key, ContainerLogPosition position) {
                put.accept(key, position.encode());
            }

            @Override
            public void gone(String key) {
                gone.accept(key);
            }
        };
    }

    /** Positions in memory only: for tests and for runs without a positions directory. */
    static ContainerPositions inMemory() {
        Map<String, ContainerLogPosition> map = new ConcurrentHashMap<>();
        return new ContainerPositions() {
            @Override
            public ContainerLogPosition load(String key) {
                return map.get(key);
            }

            @Override
            public void save(String key, ContainerLogPosition position) {
                map.put(key, position);
            }

            @Override
            public void gone(String key) {
                map.remove(key);
            }
        };
    }
}
