package dev.ferry.agent.file;

import dev.ferry.loki.Labels;
import java.util.Objects;

/**
 * What a {@link FileLabeler} decided for one file: read it with these labels, read it to its end and
 * stop, wait (not opened yet), or never read it.
 *
 * @param state what to do with the file
 * @param labels the stream labels (for {@link State#READ} and {@link State#LAST}), else null
 * @param withFilename add the {@code filename} label (the path the file was first seen under)
 * @param reason why the file waits or is refused (for the log line), else null
 */
public record FileLabels(State state, Labels labels, boolean withFilename, String reason) {

    /** What the tailer does with the file. */
    public enum State {
        /** Open it and follow it. */
        READ,
        /** Its writer is gone: read it to its end, then close it and do not open it again. */
        LAST,
        /** Not yet: leave it closed, ask again at the next scan. */
        WAIT,
        /** Never read it (e.g. a symbolic link leading out of the allowed directory). */
        REFUSE
    }

    public FileLabels {
        Objects.requireNonNull(state, "state");
        if ((state == State.READ || state == State.LAST) && labels == null) {
            throw new IllegalArgumentException("labels are required to read a file");
        }
    }

    /** Read the file with {@code labels} (and {@code filename} when asked). */
    public static FileLabels read(Labels labels, boolean withFilename) {
        return new FileLabels(State.READ, labels, withFilename, null);
    }

    /** Read the file to its end with {@code labels}, then close it for good. */
    public static FileLabels last(Labels labels, String reason) {
        return new FileLabels(State.LAST, labels, false, reason);
    }

    /** Leave the file for now. */
    public static FileLabels waiting(String reason) {
        return new FileLabels(State.WAIT, null, false, reason);
    }

    /** Never read the file. */
    public static FileLabels refused(String reason) {
        return new FileLabels(State.REFUSE, null, false, reason);
    }

    /** True when the file may be opened. */
    public boolean readable() {
        return state == State.READ || state == State.LAST;
    }
}
