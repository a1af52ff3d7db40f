package dev.ferry.agent.kubernetes;

import dev.ferry.agent.file.FileTarget;
import dev.ferry.agent.file.LineFramer;
import dev.ferry.agent.file.LineSink;
import dev.ferry.agent.positions.AckToken;
import dev.ferry.pipeline.JoinedToken;
import dev.ferry.pipeline.format.CriLine;
import dev.ferry.pipeline.format.DockerJsonLine;
import dev.ferry.pipeline.gotime.GoTimeFormat;
import java.time.Clock;
import java.util.Arrays;

/**
 * Reads the container runtime's header off each line of one pod log file, CRI
 * ({@code <RFC3339Nano> <stdout|stderr> <P|F> <text>}) or, when the line is a JSON object, Docker's
 * json-file ({@code {"log":"text\n","stream":…,"time":…}}): the entry gets the text and the runtime's
 * timestamp. Partial lines (CRI {@code P}; Docker text without its newline) are held per stream and
 * joined with the part that ends them; the joined entry carries every part's token, so the file's
 * position passes them only once the whole line is acknowledged.
 *
 * <p>Held text is capped at {@code maxLineBytes} (the rest is cut off, counted). Parts whose end does
 * not come within {@code partialWaitMillis} of the file going quiet, or before the file is closed,
 * are released as they are (counted). A line with neither header passes unchanged with its read time.
 */
final class CriLineFramer implements LineFramer {
    private final Clock clock;
    private final long maxLineBytes;
    private final long partialWaitMillis;
    private final KubernetesSourceMetrics metrics;
    private final Partial stdout = new Partial();
    private final Partial stderr = new Partial();

    CriLineFramer(Clock clock, long maxLineBytes, long partialWaitMillis, KubernetesSourceMetrics metrics) {
        this.clock = clock;
        this.maxLineBytes = maxLineBytes;
        this.partialWaitMillis = partialWaitMillis;
        this.metrics = metrics;
    }

    @Override
    public boolean offer(FileTarget target, String line, long readTimeEpochNanos, AckToken token, LineSink sink) {
        boolean err;
        boolean partial;
        String text;
        long time;
        DockerJsonLine docker = !line.isEmpty() && line.charAt(0) == '{' ? DockerJsonLine.parse(line) : null;
        if (docker != null && !docker.time().isEmpty()) { // any JSON object parses: Docker's always has a time
            err = "stderr".equals(docker.stream());
            String log = docker.log();
            partial = !log.endsWith("\n");
            text = partial ? log : log.substring(0, log.length() - 1);
            time = docker.epochNanos();
        } else {
            CriLine cri = CriLine.parse(line);
            if (cri == null) {
                metrics.linesWithoutTimestamp.increment();
                return sink.offer(target, line, readTimeEpochNanos, token);
            }
            err = cri.stderr();
            partial = cri.partial();
            text = cri.content();
            time = cri.epochNanos();
        }
        if (time == GoTimeFormat.FAILED) {
            metrics.linesWithoutTimestamp.increment();
            time = readTimeEpochNanos;
        }
        Partial held = err ? stderr : stdout;
        if (partial) {
            held.add(text, token, time, maxLineBytes, clock.millis());
            return true;
        }
        if (held.isEmpty()) {
            return sink.offer(target, text, time, token);
        }
        // the line's end: offer the joined line; on refusal keep the parts and forget this one
        int fits = held.truncated ? 0 : fit(text, maxLineBytes - held.bytes); // once cut, nothing after the cut
        String joined = new StringBuilder(held.text.length() + fits)
                .append(held.text)
                .append(text, 0, fits)
                .toString();
        if (!sink.offer(target, joined, time, held.tokensWith(token))) {
            return false;
        }
        if (held.truncated || fits < text.length()) {
            metrics.linesTruncated.increment();
        }
        held.clear();
        return true;
    }

    @Override
    public boolean idle(FileTarget target, boolean finished, LineSink sink) {
        long now = finished ? 0 : clock.millis();
        return release(stdout, target, finished, now, sink) && release(stderr, target, finished, now, sink);
    }

    private boolean release(Partial held, FileTarget target, boolean finished, long now, LineSink sink) {
        if (held.isEmpty() || (!finished && now - held.sinceMillis < partialWaitMillis)) {
            return true;
        }
        if (!sink.offer(target, held.text.toString(), held.lastTime, held.tokensWith(null))) {
            return false;
        }
        metrics.partialsUnterminated.increment();
        if (held.truncated) {
            metrics.linesTruncated.increment();
        }
        held.clear();
        return true;
    }

    @Override
    public void reset() {
        stdout.clear();
        stderr.clear();
    }

    /** One stream's parts so far. */
    private static final class Partial {
        private static final int KEEP_CAPACITY = 32 * 1024;

        StringBuilder text = new StringBuilder(0);
        long bytes;
        boolean truncated;
        long lastTime;
        long sinceMillis;
        private Object[] tokens = new Object[4];
        private int count;

        boolean isEmpty() {
            return count == 0;
        }

        void add(String part, AckToken token, long time, long maxBytes, long nowMillis) {
            if (count == 0) {
                sinceMillis = nowMillis;
            }
            if (count == tokens.length) {
                tokens = Arrays.copyOf(tokens, count * 2);
            }
            tokens[count++] = token;
            lastTime = time;
            int fits = truncated ? 0 : fit(part, maxBytes - bytes);
            text.append(part, 0, fits);
            bytes += utf8Length(part, fits);
            truncated |= fits < part.length();
        }

        /** The parts' tokens and {@code last} (when not null), as one token; the parts stay held. */
        Object tokensWith(AckToken last) {
            if (last == null) {
                return JoinedToken.join(tokens, count);
            }
            Object[] all = Arrays.copyOf(tokens, count + 1);
            all[count] = last;
            return JoinedToken.join(all, count + 1);
        }

        void clear() {
            Arrays.fill(tokens, 0, count, null);
            count = 0;
            bytes = 0;
            truncated = false;
            if (text.capacity() > KEEP_CAPACITY) {
                text = new StringBuilder(0); // a huge line's buffer is not kept for the file's lifetime
            } else {
                text.setLength(0);
            }
        }
    }

    /** How many leading chars of {@code s} fit in {@code room} UTF-8 bytes, never splitting a character. */
    static int fit(String s, long room) {
        int n = s.length();
        if (n <= room / 3) {
            return n; // even at three bytes a char it fits (a surrogate pair is four bytes for two chars)
        }
        int i = 0;
        long used = 0;
        while (i < n) {
            char c = s.charAt(i);
            int chars = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1)) ? 2 : 1;
            int len = chars == 2 ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            if (used + len > room) {
                break;
            }
            used += len;
            i += chars;
        }
        return i;
    }

    /** UTF-8 size of {@code s[0, end)}. */
    static long utf8Length(String s, int end) {
        long n = 0;
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1));
            n += pair ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            i += pair ? 1 : 0;
        }
        return n;
    }
}
