package dev.ferry.agent.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The files found under a rotated (excluded) name that the source does not follow, and whether it
 * must read them all the same. No glob lets the source start on such a name, yet:
 *
 * <ul>
 *   <li>one seen for the first time after the first scan was created since start and renamed before a
 *       scan saw it under its own name (Plex renames {@code X.log} to {@code X.1.log} within
 *       milliseconds of creating it): it is read from 0;
 *   <li>one present at the first scan was never ours, unless a saved position says it was (the tailer
 *       checks that first and continues it): it is not read, not even what is written to it later;
 *   <li>one the source followed and closed is read on from where it stopped if it grows again (a
 *       writer that reopened its log late), and never again from 0.
 * </ul>
 *
 * <p>A file is its identity checked by fingerprint, as everywhere in the tailer: when the modification
 * time of a known inode changes, its first bytes are compared, so a new file that got a freed inode
 * is new. An entry is forgotten a minute after its file was last found: a walk of a directory
 * while files in it are renamed may miss one, which must not make it new. Reader thread only.
 */
final class RotatedFiles {
    /** Where a rotated file that must not be read "starts". */
    static final long NOT_OURS = Long.MAX_VALUE;

    /** A file under a rotated name, as the scan found it. */
    record Candidate(FileIdentity identity, Path path, long size, long modified) {
        static Candidate of(Path path) throws IOException {
            Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino,size,lastModifiedTime");
            return new Candidate(
                    new FileIdentity(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue()),
                    path,
                    ((Number) a.get("size")).longValue(),
                    ((FileTime) a.get("lastModifiedTime")).toMillis());
        }
    }

    static final long FORGET_AFTER_MILLIS = 60_000;

    /** What is known of a file: its first bytes, how far it is ours ({@link #NOT_OURS}: not at all). */
    private static final class Seen {
        final Fingerprint fingerprint;
        final long end;
        /** Its modification time when last checked; -1 before. */
        long modified;
        /** When a scan last found it. */
        long foundAt;

        Seen(Fingerprint fingerprint, long end, long modified, long foundAt) {
            this.fingerprint = fingerprint;
            this.end = end;
            this.modified = modified;
            this.foundAt = foundAt;
        }
    }

    private final Map<FileIdentity, Seen> seen = new HashMap<>();
    private final Clock clock;
    private final byte[] scratch;

    RotatedFiles(Clock clock, int fingerprintSize) {
        this.clock = clock;
        this.scratch = new byte[fingerprintSize];
    }

    /** The source followed this file up to {@code end} and closed it. */
    void closed(FileIdentity identity, Fingerprint fingerprint, long end) {
        seen.put(identity, new Seen(fingerprint, end, -1, clock.millis()));
    }

    /** The file was under a rotated name at the first scan and nothing says it was ours. */
    void notOurs(Candidate c) throws IOException {
        seen.put(c.identity(), new Seen(head(c.path()), NOT_OURS, c.modified(), clock.millis()));
    }

    /**
     * Where to start reading {@code c} (a file no one follows), or {@link #NOT_OURS} to leave it
     * closed. Not called at the first scan.
     */
    long startOf(Candidate c) throws IOException {
        Seen s = seen.get(c.identity());
        if (s == null) {
            return 0; // created since the last scan, or since start
        }
        if (s.modified == c.modified()) {
            return NOT_OURS; // unchanged since we last looked
        }
        Fingerprint head = head(c.path());
        if (!s.fingerprint.matches(scratch, head.length())) {
            return 0; // another file on a freed inode
        }
        if (s.end != NOT_OURS && c.size() > s.end) {
            return s.end; // ours, and written again after we closed it
        }
        s.modified = c.modified();
        return NOT_OURS;
    }

    /** Notes which files a scan found; forgets those not found for a while. */
    void found(Set<FileIdentity> onDisk) {
        long now = clock.millis();
        for (Iterator<Map.Entry<FileIdentity, Seen>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<FileIdentity, Seen> e = it.next();
            if (onDisk.contains(e.getKey())) {
                e.getValue().foundAt = now;
            } else if (now - e.getValue().foundAt > FORGET_AFTER_MILLIS) {
                it.remove();
            }
        }
    }

    /** Reads the file's first bytes into {@link #scratch} and hashes them. */
    private Fingerprint head(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return Fingerprint.read(channel, scratch.length, scratch);
        }
    }
}
