package dev.ferry.agent.kubernetes;

import java.nio.file.Path;

/**
 * Where the kubelet writes a container's log: {@code <log_root>/<namespace>_<pod>_<uid>/<container>/<restart>.log}.
 * Namespaces and pod names are DNS labels and subdomains (no {@code _}), so the directory name splits
 * at its two underscores.
 *
 * @param restart the number in the file's name (the container's restart count when it started), or
 *     -1 when the name is not {@code <digits>.log}
 */
record PodLogPath(String namespace, String pod, String uid, String container, int restart) {

    /** The parts of {@code file}, or null when it is not laid out as the kubelet lays out pod logs under {@code root}. */
    static PodLogPath parse(Path root, Path file) {
        if (!file.startsWith(root)) {
            return null;
        }
        Path rel = root.relativize(file);
        if (rel.getNameCount() != 3) {
            return null;
        }
        String dir = rel.getName(0).toString();
        int a = dir.indexOf('_');
        int b = a < 0 ? -1 : dir.indexOf('_', a + 1);
        if (a <= 0 || b <= a + 1 || b == dir.length() - 1 || dir.indexOf('_', b + 1) >= 0) {
            return null;
        }
        return new PodLogPath(
                dir.substring(0, a),
                dir.substring(a + 1, b),
                dir.substring(b + 1),
                rel.getName(1).toString(),
                restart(rel.getName(2).toString()));
    }

    private static int restart(String name) {
        if (!name.endsWith(".log") || name.length() == 4 || name.length() > 13) {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < name.length() - 4; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** The key of the container's target: pod uid and container name. */
    String containerKey() {
        return uid + "/" + container;
    }
}
