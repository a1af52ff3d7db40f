package dev.ferry.agent.file;

import dev.ferry.agent.positions.PositionReporter;
import dev.ferry.agent.positions.PositionStore;
import dev.ferry.agent.positions.SavedPosition;
import dev.ferry.loki.Labels;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-threaded core of a file source: {@link #scan()} matches the globs and follows files by
 * identity (device + inode, checked by fingerprint), {@link #pump()} reads every open file in turn.
 * The {@link FileSource} thread calls both; tests call them directly, step by step.
 *
 * <ul>
 *   <li>A renamed file is the same file: it keeps its offset and its {@code filename}; the new file at
 *       the old path is another file, read from 0.
 *   <li>A file shorter than its read offset, or whose first bytes changed, was truncated
 *       (copytruncate) or rewritten: it is read again from 0.
 *   <li>A file no glob matches any more (deleted, renamed away) is read to its end; once it has been
 *       quiet for a scan period its last unterminated line is handed on, and it is closed when every
 *       line of it is acknowledged (so a failed push can still be read again).
 *   <li>A file an exclude glob names (a rotated name, {@code X.1.log}) is never started on by name,
 *       but by identity it is: a followed file renamed so is read to its end, and one first seen
 *       under such a name is read from 0 when it appeared after the first scan (created and renamed
 *       between two scans) or from its saved position; see {@link RotatedFiles}.
 *   <li>A line without newline is otherwise held (not read) until its newline arrives, like Promtail.
 *   <li>A {@link FileLabeler} decides each file's labels; a file it says must wait is left closed and
 *       asked about again at each scan, one it says is finished ({@link FileLabels.State#LAST}) is
 *       read to its end like a detached file and not opened again while it stays on disk.
 *   <li>Each open file has its own {@link LineFramer} between its lines and the sink.
 * </ul>
 */
final class FileTailer implements PositionReporter {
    private static final Logger log = LoggerFactory.getLogger(FileTailer.class);
    /** Bytes read from one file before the next file's turn. */
    private static final long BUDGET = 1024 * 1024;

    private final FileSourceConfig config;
    private final PositionStore store;
    private final FileSourceMetrics metrics;
    private final LineReader reader;
    private final GlobScanner scanner;
    private final LogThrottle throttle;
    private final FileEventLog events;
    private final FileLabeler labeler;
    private final Supplier<LineFramer> framers;
    private final byte[] scratch;
    private final boolean tailFromEndAtFirstScan;
    /** Open files by identity; read by the positions thread and {@code /status} too. */
    private final Map<FileIdentity, TailedFile> files = new ConcurrentHashMap<>();
    /** The same files in the order they were opened: a rotated file gets its turn before its successor. */
    private final List<TailedFile> order = new ArrayList<>();
    /** Files closed for good (their labeler said LAST) that are still on disk: never opened again. */
    private final Set<FileIdentity> finished = new HashSet<>();
    /** Files under a rotated (excluded) name that no one follows: which of them are ours. */
    private final RotatedFiles rotatedFiles;
    /** The directories the last scan walked: where new files can appear. */
    private Set<Path> directories = Set.of();

    private boolean followsSymlinks;
    /** Paths left closed at the last scan (waiting or refused), to log each once per state. */
    private Map<Path, FileLabels.State> waiting = Map.of();

    private volatile int waitingCount;

    private boolean firstScan = true;
    private boolean closed;

    FileTailer(FileSourceConfig config, LineSink sink, PositionStore store, Clock clock, FileSourceMetrics metrics) {
        this(config, FileLabeler.staticLabels(config.labels()), () -> LineFramer.PLAIN, sink, store, clock, metrics);
    }

    FileTailer(
            FileSourceConfig config,
            FileLabeler labeler,
            Supplier<LineFramer> framers,
            LineSink sink,
            PositionStore store,
            Clock clock,
            FileSourceMetrics metrics) {
        this.config = config;
        this.labeler = labeler;
        this.framers = framers;
        this.store = store;
        this.metrics = metrics;
        this.reader = new LineReader(config, sink, metrics, clock);
        this.scanner = new GlobScanner(config.include(), config.exclude());
        this.throttle = new LogThrottle(clock, 60_000);
        this.events = new FileEventLog(log, clock, config.name());
        this.scratch = new byte[config.fingerprintSize()];
        this.rotatedFiles = new RotatedFiles(clock, config.fingerprintSize());
        // "first start": this source never saved a position (a new install, or its positions were lost)
        this.tailFromEndAtFirstScan = config.tailFromEnd() && !store.knewAtStart(config.name());
    }

    /** Matches the globs: follows renames, notices truncation and deletion, opens new files. */
    void scan() {
        if (closed) {
            return;
        }
        GlobScanner.Found scan = scanner.scan();
        directories = scan.directories();
        followsSymlinks = scan.symlinks();
        Map<FileIdentity, Path> found = new LinkedHashMap<>();
        for (Path path : scan.included()) {
            try {
                found.putIfAbsent(FileIdentity.of(path), path); // a file with two names is read once
            } catch (NoSuchFileException e) {
                // gone between the walk and now: the next scan decides
            } catch (IOException | RuntimeException e) {
                readError("stat", path, e);
            }
        }
        Map<FileIdentity, RotatedFiles.Candidate> rotated = new LinkedHashMap<>();
        for (Path path : scan.excluded()) {
            try {
                RotatedFiles.Candidate c = RotatedFiles.Candidate.of(path);
                if (!found.containsKey(c.identity())) {
                    rotated.putIfAbsent(c.identity(), c);
                }
            } catch (NoSuchFileException e) {
                // gone between the walk and now
            } catch (IOException | RuntimeException e) {
                readError("stat", path, e);
            }
        }
        if (scanner.errors() > 0) {
            metrics.readErrors.increment(scanner.errors());
        }
        Set<FileIdentity> onDisk = new HashSet<>(found.keySet());
        onDisk.addAll(rotated.keySet());
        finished.retainAll(onDisk); // a finished file that left the disk is forgotten
        rotatedFiles.found(onDisk);
        for (TailedFile f : new ArrayList<>(order)) {
            Path path = found.remove(f.identity);
            RotatedFiles.Candidate renamedAway = path == null ? rotated.remove(f.identity) : null;
            try {
                if (path != null) {
                    attached(f, path);
                    relabel(f, path);
                } else if (renamedAway != null) {
                    renamed(f, renamedAway.path());
                }
                if (path == null || f.retired) {
                    detached(f, renamedAway != null);
                }
            } catch (IOException e) {
                readError("check", f.path, e);
                drop(f);
            }
        }
        Map<Path, FileLabels.State> nowWaiting = new HashMap<>();
        openRotated(rotated.values(), nowWaiting); // before the new files that may be their successors
        for (Map.Entry<FileIdentity, Path> e : found.entrySet()) {
            if (!finished.contains(e.getKey())) {
                open(e.getKey(), e.getValue(), nowWaiting, -1);
            }
        }
        waiting = nowWaiting;
        waitingCount = nowWaiting.size();
        firstScan = false;
        events.tick(); // a storm's summary comes even when the storm is over
    }

    /**
     * Opens the files under a rotated name that no one follows but that are ours (see {@link
     * RotatedFiles}), oldest first. At the first scan only those a saved position names are.
     */
    private void openRotated(Collection<RotatedFiles.Candidate> candidates, Map<Path, FileLabels.State> nowWaiting) {
        List<RotatedFiles.Candidate> oldestFirst = new ArrayList<>(candidates);
        // X.2.log before X.1.log when the clock cannot tell them apart
        oldestFirst.sort(Comparator.comparingLong(RotatedFiles.Candidate::modified)
                .thenComparing(RotatedFiles.Candidate::path, Comparator.reverseOrder()));
        for (RotatedFiles.Candidate c : oldestFirst) {
            try {
                long start = firstScan ? RotatedFiles.NOT_OURS : rotatedFiles.startOf(c);
                if (firstScan || start != RotatedFiles.NOT_OURS) {
                    if (!open(c.identity(), c.path(), nowWaiting, start) && firstScan) {
                        rotatedFiles.notOurs(c);
                    }
                }
            } catch (NoSuchFileException e) {
                // renamed or deleted since the walk: the next scan sees where it went
            } catch (IOException | RuntimeException e) {
                readError("check", c.path(), e);
            }
        }
    }

    /** Applies the labeler's current answer to an open file: new labels, or "finished". */
    private void relabel(TailedFile f, Path path) {
        FileLabels l = labeler.labels(path);
        if (!l.readable()) {
            return; // already open: it keeps the labels it has
        }
        if (l.labels() != f.labeledFrom) {
            FileTarget old = f.target;
            Labels next = labelsOf(l, old.path());
            if (!next.equals(old.labels())) {
                f.target = new FileTarget(old.source(), old.path(), next);
                events.event(
                        FileEventLog.Kind.RELABELED,
                        "file labels changed source={} path=\"{}\"",
                        config.name(),
                        f.path);
            }
            f.labeledFrom = l.labels();
        }
        if (l.state() == FileLabels.State.LAST && !f.retired) {
            f.retired = true;
            events.event(
                    FileEventLog.Kind.FINISHED,
                    "file finished source={} path=\"{}\" reason=\"{}\" action=read-to-end",
                    config.name(),
                    f.path,
                    l.reason());
        }
    }

    private static Labels labelsOf(FileLabels l, String labelPath) {
        if (!l.withFilename()) {
            return l.labels();
        }
        Map<String, String> labels = new HashMap<>(l.labels().toMap());
        labels.put(FileSourceConfig.FILENAME_LABEL, labelPath);
        return Labels.of(labels);
    }

    /** Logs a file the labeler keeps closed, once while it stays so. */
    private void leftClosed(Path path, FileLabels l, Map<Path, FileLabels.State> nowWaiting) {
        nowWaiting.put(path, l.state());
        if (waiting.get(path) == l.state()) {
            return;
        }
        if (l.state() == FileLabels.State.REFUSE) {
            metrics.filesRefused.increment();
            log.warn("file refused source={} path=\"{}\" reason=\"{}\"", config.name(), path, l.reason());
        } else {
            log.debug("file waiting source={} path=\"{}\" reason=\"{}\"", config.name(), path, l.reason());
        }
    }

    private void attached(TailedFile f, Path path) throws IOException {
        renamed(f, path);
        if (f.detached && !f.retired) {
            f.detached = false;
            f.finishing = false;
        }
        checkContent(f);
    }

    private void renamed(TailedFile f, Path path) {
        if (!path.equals(f.path)) {
            metrics.rotationsRenamed.increment();
            events.event(
                    FileEventLog.Kind.RENAMED,
                    "file renamed source={} from=\"{}\" to=\"{}\"",
                    config.name(),
                    f.path,
                    path);
            f.path = path;
        }
    }

    /** No include glob names {@code f} now: deleted, renamed away, or renamed to an excluded (rotated) name. */
    private void detached(TailedFile f, boolean rotatedName) throws IOException {
        long size = f.channel.size();
        if (!f.detached) {
            f.detached = true;
            if (!f.retired && !rotatedName) {
                metrics.filesGone.increment();
                events.event(
                        FileEventLog.Kind.GONE,
                        "file gone from globs source={} path=\"{}\" action=read-to-end",
                        config.name(),
                        f.path);
            }
        } else if (f.atEof && size == f.sizeAtLastScan) {
            f.finishing = true;
        }
        f.sizeAtLastScan = size;
    }

    /** Truncated (shorter than read) or rewritten (first bytes differ): read again from 0. */
    private void checkContent(TailedFile f) throws IOException {
        long size = f.channel.size();
        if (size < f.readUpTo()) {
            truncated(f, "shorter than its read offset");
            return;
        }
        Fingerprint fp = f.fingerprint;
        if (fp.length() == 0 && size == 0) {
            return;
        }
        int n = Fingerprint.readAt(
                f.channel, 0, scratch, Math.min(scratch.length, (int) Math.min(size, scratch.length)));
        if (!fp.matches(scratch, n)) {
            truncated(f, "its first bytes changed");
            return;
        }
        if (fp.length() < n) {
            f.fingerprint = Fingerprint.of(scratch, n);
        }
    }

    private void truncated(TailedFile f, String why) throws IOException {
        metrics.rotationsTruncated.increment();
        events.event(
                FileEventLog.Kind.TRUNCATED,
                "file truncated source={} path=\"{}\" reason=\"{}\" action=read-from-start",
                config.name(),
                f.path,
                why);
        f.restartAt(0);
        f.fingerprint = Fingerprint.read(f.channel, scratch.length, scratch);
    }

    /**
     * Opens a file found under an include name ({@code rotatedStart} -1) or under a rotated name: from
     * {@code rotatedStart}, or, when that is {@link RotatedFiles#NOT_OURS}, only from a saved position
     * that names it (the continuation of a file followed before a restart).
     *
     * @return whether the file is open now
     */
    private boolean open(FileIdentity identity, Path path, Map<Path, FileLabels.State> nowWaiting, long rotatedStart) {
        FileLabels labeling = labeler.labels(path);
        if (!labeling.readable()) {
            leftClosed(path, labeling, nowWaiting);
            return false;
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            readError("open", path, e);
            return false;
        }
        try {
            if (!identity.equals(FileIdentity.of(path))) {
                channel.close(); // replaced between the scan and the open: the next scan sees the new one
                return false;
            }
            long size = channel.size();
            int n = Fingerprint.readAt(channel, 0, scratch, (int) Math.min(size, scratch.length));
            Fingerprint fingerprint = Fingerprint.of(scratch, n);
            SavedPosition saved = store.lookup(config.name(), identity.key());
            long start = 0;
            String labelPath = path.toString();
            String how;
            Fingerprint savedPrint = saved == null ? null : Fingerprint.parse(saved.attribute("fingerprint"));
            if (rotatedStart > 0 && rotatedStart != RotatedFiles.NOT_OURS) {
                start = rotatedStart;
                how = "where it was closed (written to again)";
            } else if (saved != null && savedPrint != null && savedPrint.matches(scratch, n)) {
                if (saved.position() <= size) {
                    start = saved.position();
                    how = "saved position";
                } else {
                    how = "start (shorter than its saved position: truncated)";
                    metrics.rotationsTruncated.increment();
                }
                String savedPath = saved.attribute("path");
                labelPath = savedPath != null ? savedPath : labelPath;
            } else if (rotatedStart == RotatedFiles.NOT_OURS) {
                channel.close(); // under a rotated name since before this start: never ours
                return false;
            } else if (rotatedStart == 0) {
                how = "start (created since start, first seen under a rotated name)";
            } else if (saved != null) {
                how = "start (another file has the saved inode)";
            } else if (firstScan && tailFromEndAtFirstScan) {
                start = endOfLastLine(channel, size);
                how = "end (tail_from_end)";
            } else {
                how = "start";
            }
            FileTarget target = new FileTarget(config.name(), labelPath, labelsOf(labeling, labelPath));
            TailedFile f = new TailedFile(identity, target, path, channel, framers.get(), fingerprint, start);
            f.labeledFrom = labeling.labels();
            f.retired = labeling.state() == FileLabels.State.LAST;
            f.detached = rotatedStart >= 0; // under a rotated name: read to its end, then closed
            f.size = size;
            files.put(identity, f);
            order.add(f);
            events.event(
                    FileEventLog.Kind.OPENED,
                    "file opened source={} path=\"{}\" offset={} from=\"{}\"",
                    config.name(),
                    path,
                    start,
                    how);
            return true;
        } catch (IOException | RuntimeException e) {
            readError("open", path, e);
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a read-only channel after a failure
            }
            return false;
        }
    }

    /** The offset after the last newline in the file's last buffer, so tailing starts at a line. */
    private long endOfLastLine(FileChannel channel, long size) throws IOException {
        int window = (int) Math.min(size, scratch.length);
        int n = Fingerprint.readAt(channel, size - window, scratch, window);
        for (int i = n - 1; i >= 0; i--) {
            if (scratch[i] == '\n') {
                return size - window + i + 1;
            }
        }
        return size;
    }

    /**
     * Gives every open file a turn.
     *
     * @return {@link LineReader#PROGRESS} when some file moved on, else {@link LineReader#REFUSED} when
     *     downstream refused a line, else {@link LineReader#IDLE}
     */
    int pump() {
        if (closed) {
            return LineReader.IDLE;
        }
        boolean progress = false;
        boolean refused = false;
        for (int i = 0; i < order.size(); ) {
            TailedFile f = order.get(i);
            int r = service(f);
            progress |= r == LineReader.PROGRESS;
            refused |= r == LineReader.REFUSED;
            if (i < order.size() && order.get(i) == f) {
                i++; // else f was closed and removed: the next file moved into slot i
            }
        }
        return progress ? LineReader.PROGRESS : refused ? LineReader.REFUSED : LineReader.IDLE;
    }

    private int service(TailedFile f) {
        try {
            long rewind = f.tracker.rewindPosition();
            if (rewind >= 0) {
                metrics.rereads.increment();
                if (throttle.allow("reread")) {
                    log.warn(
                            "push failed; reading again source={} path=\"{}\" offset={}",
                            config.name(),
                            f.path,
                            rewind);
                }
                f.restartAt(rewind);
            }
            if (f.channel.size() < f.readUpTo()) {
                truncated(f, "shorter than its read offset");
            }
            int r = reader.read(f, BUDGET);
            if (r == LineReader.REFUSED || !f.atEof) {
                return r;
            }
            if (!f.finishing) {
                return reader.releaseHeld(f, false) == LineReader.REFUSED ? LineReader.REFUSED : r;
            }
            int flushed = reader.flushPartial(f);
            if (flushed == LineReader.REFUSED || reader.releaseHeld(f, true) == LineReader.REFUSED) {
                return LineReader.REFUSED;
            }
            if (f.tracker.inFlight() == 0 && f.tracker.rewindPosition() < 0) {
                events.event(
                        FileEventLog.Kind.CLOSED,
                        "file closed source={} path=\"{}\" offset={}",
                        config.name(),
                        f.path,
                        f.lineStart);
                drop(f);
                if (f.retired) {
                    finished.add(f.identity);
                }
            }
            return flushed == LineReader.PROGRESS ? flushed : r;
        } catch (IOException | RuntimeException e) {
            readError("read", f.path, e);
            drop(f); // the next scan opens it again from its last saved position
            return LineReader.IDLE;
        }
    }

    private void drop(TailedFile f) {
        rotatedFiles.closed(f.identity, f.fingerprint, f.tracker.committed());
        files.remove(f.identity, f);
        order.remove(f);
        f.close();
    }

    private void readError(String what, Path path, Exception e) {
        metrics.readErrors.increment();
        if (throttle.allow(what)) {
            log.warn("file {} failed source={} path=\"{}\" error=\"{}\"", what, config.name(), path, e.toString());
        }
    }

    /** Reports each open file's committed offset with what identifies it after a restart. */
    @Override
    public void report(Collector out) {
        for (TailedFile f : files.values()) {
            out.position(
                    f.identity.key(),
                    f.tracker.committed(),
                    0,
                    Map.of("path", f.target.path(), "fingerprint", f.fingerprint.toString()));
        }
    }

    /** The directories the last scan walked, to watch for new files. */
    Set<Path> directories() {
        return directories;
    }

    /** True when a file the last scan found is a symbolic link: writes to it are not seen in its directory. */
    boolean followsSymlinks() {
        return followsSymlinks;
    }

    /** Files found at the last scan but left closed (waiting or refused). */
    int waitingFiles() {
        return closed ? 0 : waitingCount;
    }

    int openFiles() {
        return closed ? 0 : files.size();
    }

    List<FileTargetStatus> status() {
        List<FileTargetStatus> out = new ArrayList<>();
        for (TailedFile f : files.values()) {
            out.add(f.status());
        }
        return out;
    }

    /** Closes every file; positions stay reported, so acknowledgements that still arrive are saved. */
    void close() {
        closed = true;
        for (TailedFile f : files.values()) {
            f.close();
        }
    }
}
