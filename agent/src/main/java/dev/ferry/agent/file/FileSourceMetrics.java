package dev.ferry.agent.file;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/** The counters of one file source; every tag comes from a fixed set (never a file's path). */
final class FileSourceMetrics {
    final Counter linesRead;
    final Counter bytesRead;
    final Counter linesTruncated;
    final Counter linesDroppedTooLong;
    final Counter invalidUtf8;
    final Counter nulBytesSkipped;
    final Counter partialLinesFlushed;
    final Counter rotationsRenamed;
    final Counter rotationsTruncated;
    final Counter filesGone;
    final Counter readErrors;
    final Counter rereads;
    final Counter offersRefused;
    final Counter filesRefused;

    FileSourceMetrics(MeterRegistry meters, String source, Supplier<Number> filesOpen) {
        this(meters, source, filesOpen, () -> 0);
    }

    /** @param filesWaiting files found but left closed (their labeler said wait or refuse) */
    FileSourceMetrics(MeterRegistry meters, String source, Supplier<Number> filesOpen, Supplier<Number> filesWaiting) {
        linesRead = counter(meters, "ferry.file.lines.read", source, "Lines read and handed downstream");
        bytesRead = counter(meters, "ferry.file.bytes.read", source, "Bytes consumed from files");
        linesTruncated = counter(
                meters,
                "ferry.file.lines.truncated",
                source,
                "Lines cut at the source's max_line_size (a memory guard) before the pipeline");
        linesDroppedTooLong = Counter.builder("ferry.file.lines.dropped")
                .tag("source", source)
                .tag("reason", "too_long")
                .description("Lines dropped by the source")
                .register(meters);
        invalidUtf8 = counter(meters, "ferry.file.lines.invalid.utf8", source, "Lines with bytes that are not UTF-8");
        nulBytesSkipped = counter(meters, "ferry.file.nul.bytes.skipped", source, "NUL bytes skipped at line starts");
        partialLinesFlushed = counter(
                meters, "ferry.file.partial.lines.flushed", source, "Last lines without newline of finished files");
        rotationsRenamed = rotation(meters, source, "renamed");
        rotationsTruncated = rotation(meters, source, "truncated");
        filesGone = rotation(meters, source, "gone");
        readErrors = counter(meters, "ferry.file.read.errors", source, "Errors opening, reading or scanning files");
        rereads = counter(meters, "ferry.file.rereads", source, "Times a file was read again after a failed push");
        offersRefused = counter(meters, "ferry.file.offers.refused", source, "Lines refused by a full downstream");
        filesRefused = counter(
                meters,
                "ferry.file.files.refused",
                source,
                "Files never read, e.g. symbolic links leading out of log_root");
        Gauge.builder("ferry.file.files.open", filesOpen)
                .tag("source", source)
                .description("Files the source has open")
                .register(meters);
        Gauge.builder("ferry.file.files.waiting", filesWaiting)
                .tag("source", source)
                .description("Files found but not read: waiting for their pod to be discovered, or refused")
                .register(meters);
    }

    private static Counter counter(MeterRegistry meters, String name, String source, String description) {
        return Counter.builder(name)
                .tag("source", source)
                .description(description)
                .register(meters);
    }

    private static Counter rotation(MeterRegistry meters, String source, String kind) {
        return Counter.builder("ferry.file.rotations")
                .tag("source", source)
                .tag("kind", kind)
                .description("Rotations seen: renamed, truncated (copytruncate or rewritten), gone (deleted)")
                .register(meters);
    }
}
