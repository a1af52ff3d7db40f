package dev.ferry.agent.relabel;

import java.util.Locale;

/** What a relabel rule does; the names and meanings are Prometheus's and Alloy's. */
public enum RelabelAction {
    REPLACE,
    KEEP,
    DROP,
    KEEPEQUAL,
    DROPEQUAL,
    HASHMOD,
    LABELMAP,
    LABELDROP,
    LABELKEEP,
    LOWERCASE,
    UPPERCASE;

    /** The name as it is written in a config file: {@code replace}, {@code labelmap}, … */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The action written {@code name} in a config file.
     *
     * @throws IllegalArgumentException naming the known actions when {@code name} is none of them
     */
    public static RelabelAction parse(String name) {
        for (RelabelAction a : values()) {
            if (a.configName().equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unrecognized action type \"" + name
                + "\": use one of replace, keep, drop, keepequal, dropequal, hashmod, labelmap, labeldrop,"
                + " labelkeep, lowercase, uppercase");
    }
}
