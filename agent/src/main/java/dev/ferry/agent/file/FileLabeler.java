package dev.ferry.agent.file;

import dev.ferry.loki.Labels;
import java.nio.file.Path;
import java.util.Map;

/**
 * Decides the labels of a file's lines, or that the file must wait or not be read: a {@code file}
 * source gives every file its static labels; Kubernetes files mode labels each file from the pod the
 * informer found. Asked from the reader thread when a file is found and again at every scan while
 * it is open (so label changes apply); must be quick and must not throw.
 */
@FunctionalInterface
public interface FileLabeler {
    /** @param path the file's path as the scan found it now */
    FileLabels labels(Path path);

    /** Every file gets {@code labels} plus {@code filename}: the {@code file} source's labeling. */
    static FileLabeler staticLabels(Map<String, String> labels) {
        FileLabels all = FileLabels.read(Labels.of(labels), true);
        return path -> all;
    }
}
