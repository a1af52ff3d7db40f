import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes realistic log lines to N files at a chosen total rate, for Ferry's end-to-end benchmark.
 *
 * <p>The mix is the {@code default} pipeline's: per event, 70% pino JSON (~200 bytes with level, time,
 * msg, module), 20% plain-text access lines, 5% health-check probes (the pipeline drops them), 5%
 * stack traces of six lines whose five continuation lines are indented (multiline joins them into one
 * entry). With {@code --plex-files K}, K more files get Plex Media Server lines (one entry each).
 * Every event is written whole to one file, so a stack trace is never split between files.
 *
 * <p>The sequence of events is fixed by {@code --seed}; only pino's {@code time} and the access lines'
 * clock follow the wall clock (or {@code --start-ms} when given, for byte-identical files).
 *
 * <p>{@code --probe} writes latency probes instead: pino lines whose {@code time} is the exact wall
 * clock millisecond they are written at, flushed one by one (with {@code --rate 10}: one line per
 * 100 ms), so a receiver can take arrival time minus entry timestamp as the line's latency.
 *
 * <pre>
 *   java bench/src/LoadGenerator.java --dir D --files 10 --lines 2000000 --rate 0      # as fast as possible
 *   java bench/src/LoadGenerator.java --dir D --files 100 --rate 20000 --duration 60   # paced
 *   java bench/src/LoadGenerator.java --dir D --files 100 --create-only                 # empty files, then exit
 * </pre>
 *
 * Prints a summary (key=value lines) with the exact count of entries Ferry must deliver; {@code
 * --summary F} also writes it to F.
 */
public final class LoadGenerator {
    private static final int TICKS_PER_SECOND = 100;

    private static final String[] MODULES = {
        "orders", "payments", "users", "inventory", "auth", "search", "cart", "mailer", "scheduler", "webhooks"
    };
    private static final String[] MESSAGES = {
        "order %d created for customer %d in %dms",
        "payment %d authorised for customer %d after %dms",
        "user %d signed in from session %d (%dms)",
        "stock for sku %d reserved by cart %d in %dms",
        "token refreshed for client %d, scope set %d, took %dms",
        "search query %d returned %d hits in %dms",
        "cart %d updated with item %d, total recalculated in %dms",
        "mail %d queued for recipient %d, template rendered in %dms",
        "job %d scheduled on worker %d with delay %dms",
        "webhook %d delivered to endpoint %d, response after %dms",
    };
    private static final int[] LEVELS = {30, 30, 30, 30, 30, 30, 20, 40, 50, 10};
    private static final String[] PATHS = {
        "/api/orders/", "/api/users/", "/api/cart/", "/api/search?q=item", "/api/payments/", "/static/app.", "/api/inventory/"
    };
    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
    private static final String[] HEALTH = {
        "/health/readiness", "/health/liveness", "/api/health/readiness", "/api/health/liveness"
    };
    private static final String[] ERRORS = {
        "TypeError: Cannot read properties of undefined (reading 'id')",
        "Error: connect ECONNREFUSED 10.43.12.7:5432",
        "RangeError: Invalid time value",
        "Error: Request failed with status code 503",
    };
    private static final String[] FRAMES = {
        "    at OrderService.create (/app/src/orders/service.js:%d:17)",
        "    at async Router.handle (/app/node_modules/express/lib/router/index.js:%d:5)",
        "    at processTicksAndRejections (node:internal/process/task_queues:%d:5)",
        "    at PaymentClient.authorise (/app/src/payments/client.js:%d:11)",
        "    at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:%d:5)",
        "    at Query.run (/app/node_modules/pg/lib/query.js:%d:24)",
    };
    private static final String[] PLEX_LEVELS = {"DEBUG", "DEBUG", "INFO", "INFO", "INFO", "WARN", "WARNING", "ERROR"};

    // What was written, for the summary.
    private long lines;
    private long bytes;
    private long json;
    private long access;
    private long health;
    private long stacks;
    private long plex;

    private final SplittableRandom random;
    private final Options o;
    private final StringBuilder sb = new StringBuilder(1024);
    private final java.util.Formatter formatter = new java.util.Formatter(sb);

    private LoadGenerator(Options o) {
        this.o = o;
        this.random = new SplittableRandom(o.seed);
    }

    public static void main(String[] args) throws IOException {
        Options o = Options.parse(args);
        new LoadGenerator(o).run();
    }

    private void run() throws IOException {
        Files.createDirectories(o.dir);
        int total = o.files + o.plexFiles;
        FileChannel[] channels = new FileChannel[total];
        ByteBuffer[] buffers = new ByteBuffer[total];
        for (int i = 0; i < total; i++) {
            Path p = i < o.files
                    ? o.dir.resolve(String.format("app-%03d.log", i))
                    : o.dir.resolve(String.format("plex-%02d.log", i - o.files));
            channels[i] = FileChannel.open(
                    p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            buffers[i] = ByteBuffer.allocate(256 * 1024);
        }
        if (o.createOnly) {
            for (FileChannel c : channels) {
                c.close();
            }
            System.out.println("created=" + total);
            return;
        }
        long startNanos = System.nanoTime();
        long deadline = o.durationSeconds > 0 ? startNanos + (long) (o.durationSeconds * 1e9) : Long.MAX_VALUE;
        long lineLimit = o.lineLimit > 0 ? o.lineLimit : Long.MAX_VALUE;
        // Paced: each tick writes until the line count reaches rate * elapsed. Unpaced: big chunks.
        long tick = 0;
        long tickNanos = 1_000_000_000L / TICKS_PER_SECOND;
        while (lines < lineLimit) {
            long now = System.nanoTime();
            if (now >= deadline) {
                break;
            }
            long target;
            if (o.rate > 0) {
                long due = startNanos + tick * tickNanos;
                if (now < due) {
                    LockSupport.parkNanos(due - now);
                    continue;
                }
                tick++;
                target = Math.min(lineLimit, (long) (o.rate * ((now - startNanos) / 1e9)) + 1);
            } else {
                target = Math.min(lineLimit, lines + 50_000);
            }
            long clockMs = o.startMs > 0 ? o.startMs + (lines / 1000) : System.currentTimeMillis();
            while (lines < target) {
                int f = random.nextInt(total);
                ByteBuffer buf = buffers[f];
                if (buf.remaining() < 16 * 1024) {
                    flush(channels[f], buf);
                }
                if (o.probe) {
                    probe(buf);
                    flush(channels[f], buf);
                } else if (f < o.files) {
                    appEvent(buf, clockMs);
                } else {
                    plexLine(buf, clockMs);
                }
            }
            for (int i = 0; i < total; i++) {
                flush(channels[i], buffers[i]);
            }
        }
        for (int i = 0; i < total; i++) {
            flush(channels[i], buffers[i]);
            channels[i].close();
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        summary(seconds);
    }

    private static void flush(FileChannel channel, ByteBuffer buf) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        buf.clear();
    }

    /** One event of the default pipeline's mix; a stack trace is six lines. */
    private void appEvent(ByteBuffer buf, long clockMs) {
        int roll = random.nextInt(100);
        if (roll < 70) {
            pino(buf, clockMs);
            json++;
        } else if (roll < 90) {
            accessLine(buf, clockMs, false);
            access++;
        } else if (roll < 95) {
            accessLine(buf, clockMs, true);
            health++;
        } else {
            stackTrace(buf);
            stacks++;
        }
    }

    private void pino(ByteBuffer buf, long clockMs) {
        sb.setLength(0);
        int m = random.nextInt(MODULES.length);
        sb.append("{\"level\":").append(LEVELS[random.nextInt(LEVELS.length)]);
        sb.append(",\"time\":").append(clockMs + random.nextInt(1000));
        sb.append(",\"name\":\"api\",\"pid\":").append(7 + random.nextInt(3));
        sb.append(",\"hostname\":\"api-7d9f8b6c5d-").append((char) ('a' + m)).append("x2k9\"");
        sb.append(",\"module\":\"").append(MODULES[m]).append('"');
        sb.append(",\"reqId\":\"req-").append(Long.toHexString(random.nextLong() >>> 16)).append('"');
        sb.append(",\"msg\":\"");
        formatter.format(MESSAGES[m], random.nextInt(1_000_000), random.nextInt(100_000), random.nextInt(2000));
        sb.append("\"}\n");
        put(buf, 1);
    }

    /**
     * A pino line stamped with the wall clock now, for latency measurement, then a health check in
     * the same write: its first line releases the probe from multiline at once (the probe is not
     * held), and the drop stage removes it, so only probes reach the receiver.
     */
    private void probe(ByteBuffer buf) {
        sb.setLength(0);
        long now = System.currentTimeMillis();
        sb.append("{\"level\":30,\"time\":").append(now);
        sb.append(",\"module\":\"probe\",\"msg\":\"latency probe ").append(lines).append("\"}\n");
        put(buf, 1);
        json++;
        accessLine(buf, now, true);
        lines--; // one probe per tick of the rate: the health check rides along
        health++;
    }

    private void accessLine(ByteBuffer buf, long clockMs, boolean probe) {
        sb.setLength(0);
        sb.append("10.42.").append(random.nextInt(4)).append('.').append(2 + random.nextInt(250));
        sb.append(" - - [").append(accessDate(clockMs)).append("] \"");
        if (probe) {
            sb.append("GET ").append(HEALTH[random.nextInt(HEALTH.length)]);
        } else if (random.nextInt(50) == 0) {
            // A health path with another method: the drop stage must keep it.
            sb.append("POST ").append(HEALTH[random.nextInt(HEALTH.length)]);
        } else {
            sb.append(METHODS[random.nextInt(METHODS.length)])
                    .append(' ')
                    .append(PATHS[random.nextInt(PATHS.length)])
                    .append(random.nextInt(100_000));
        }
        sb.append(" HTTP/1.1\" ").append(probe ? 200 : (random.nextInt(20) == 0 ? 500 : 200));
        sb.append(' ').append(probe ? 2 : random.nextInt(40_000));
        sb.append(probe ? " \"-\" \"kube-probe/1.31\"" : " \"-\" \"Mozilla/5.0 (X11; Linux x86_64) Firefox/134.0\"");
        sb.append(' ').append(random.nextInt(900)).append("ms\n");
        put(buf, 1);
    }

    private void stackTrace(ByteBuffer buf) {
        sb.setLength(0);
        sb.append(ERRORS[random.nextInt(ERRORS.length)]).append('\n');
        for (int i = 0; i < 5; i++) {
            formatter.format(FRAMES[random.nextInt(FRAMES.length)], 10 + random.nextInt(400));
            sb.append('\n');
        }
        put(buf, 6);
    }

    private void plexLine(ByteBuffer buf, long clockMs) {
        sb.setLength(0);
        sb.append(plexDate(clockMs)).append('.');
        long ms = random.nextInt(1000);
        sb.append(ms < 100 ? (ms < 10 ? "00" : "0") : "").append(ms);
        if (random.nextBoolean()) {
            sb.append(" [0x7f").append(Integer.toHexString(0x100 + random.nextInt(0xe00))).append("] ");
        } else {
            sb.append(" [").append(1000 + random.nextInt(90000)).append("] ");
        }
        sb.append(PLEX_LEVELS[random.nextInt(PLEX_LEVELS.length)]).append(" - ");
        sb.append("[Req#").append(Integer.toHexString(random.nextInt(1 << 20))).append("] Request: [10.42.0.")
                .append(random.nextInt(250)).append(":").append(30000 + random.nextInt(30000))
                .append(" (Subnet)] GET /library/metadata/").append(random.nextInt(100_000)).append(" (12 live) #")
                .append(Integer.toHexString(random.nextInt(1 << 16))).append(" GZIP Signed-in Token (user)\n");
        put(buf, 1);
        plex++;
    }

    private long accessDateSecond = -1;
    private String accessDate = "";

    /** The access log's clock, {@code 27/Jan/2026:12:39:48 +0000}, formatted once a second. */
    private String accessDate(long clockMs) {
        long second = clockMs / 1000;
        if (second != accessDateSecond) {
            accessDateSecond = second;
            accessDate = java.time.format.DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", java.util.Locale.ROOT)
                    .format(java.time.Instant.ofEpochSecond(second).atOffset(java.time.ZoneOffset.UTC));
        }
        return accessDate;
    }

    private long plexDateSecond = -1;
    private String plexDate = "";

    /** Plex's clock, {@code Jan 27, 2026 12:39:48} in UTC (run Ferry with PLEX_TIMEZONE=UTC), once a second. */
    private String plexDate(long clockMs) {
        long second = clockMs / 1000;
        if (second != plexDateSecond) {
            plexDateSecond = second;
            plexDate = java.time.format.DateTimeFormatter.ofPattern("MMM d, yyyy HH:mm:ss", java.util.Locale.ROOT)
                    .format(java.time.Instant.ofEpochSecond(second).atOffset(java.time.ZoneOffset.UTC));
        }
        return plexDate;
    }

    /** Appends sb (ASCII only) to buf. */
    private void put(ByteBuffer buf, int lineCount) {
        int n = sb.length();
        if (buf.remaining() < n) {
            throw new IllegalStateException("event larger than buffer");
        }
        for (int i = 0; i < n; i++) {
            buf.put((byte) sb.charAt(i));
        }
        lines += lineCount;
        bytes += n;
    }

    private void summary(double seconds) throws IOException {
        long entries = json + access + stacks + plex;
        String text = "lines=" + lines + "\n"
                + "bytes=" + bytes + "\n"
                + "json=" + json + "\n"
                + "access=" + access + "\n"
                + "health_dropped=" + health + "\n"
                + "stack_traces=" + stacks + "\n"
                + "continuation_lines=" + (stacks * 5) + "\n"
                + "plex=" + plex + "\n"
                + "expected_entries=" + entries + "\n"
                + "write_seconds=" + String.format("%.3f", seconds) + "\n"
                + "write_lines_per_second=" + (long) (lines / Math.max(seconds, 1e-9)) + "\n";
        System.out.print(text);
        if (o.summary != null) {
            Files.writeString(o.summary, text, StandardCharsets.US_ASCII);
        }
    }

    private record Options(
            Path dir,
            int files,
            int plexFiles,
            double rate,
            double durationSeconds,
            long lineLimit,
            long seed,
            long startMs,
            boolean createOnly,
            boolean probe,
            Path summary) {

        static Options parse(String[] args) {
            Path dir = null;
            int files = 10;
            int plexFiles = 0;
            double rate = 0;
            double duration = 0;
            long lineLimit = 0;
            long seed = 42;
            long startMs = 0;
            boolean createOnly = false;
            boolean probe = false;
            Path summary = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--dir" -> dir = Path.of(args[++i]);
                    case "--files" -> files = Integer.parseInt(args[++i]);
                    case "--plex-files" -> plexFiles = Integer.parseInt(args[++i]);
                    case "--rate" -> rate = Double.parseDouble(args[++i]);
                    case "--duration" -> duration = Double.parseDouble(args[++i]);
                    case "--lines" -> lineLimit = Long.parseLong(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--start-ms" -> startMs = Long.parseLong(args[++i]);
                    case "--create-only" -> createOnly = true;
                    case "--probe" -> probe = true;
                    case "--summary" -> summary = Path.of(args[++i]);
                    default -> usage("unknown option " + a);
                }
            }
            if (dir == null) {
                usage("--dir is required");
            }
            if (files < 1 && plexFiles < 1) {
                usage("--files must be at least 1");
            }
            if (!createOnly && duration <= 0 && lineLimit <= 0) {
                usage("give --duration SECONDS or --lines N (or both)");
            }
            if (duration > 0 && rate <= 0 && lineLimit <= 0) {
                usage("--duration without --rate would write as fast as possible until the disk fills; give --rate");
            }
            return new Options(
                    dir, files, plexFiles, rate, duration, lineLimit, seed, startMs, createOnly, probe, summary);
        }

        private static void usage(String problem) {
            PrintStream err = System.err;
            err.println("LoadGenerator: " + problem);
            err.println("usage: LoadGenerator --dir DIR [--files N] [--plex-files K] [--rate LINES_PER_S (0: max)]"
                    + " [--duration S] [--lines N] [--seed S] [--start-ms EPOCH_MS] [--create-only] [--probe]"
                    + " [--summary FILE]");
            System.exit(2);
        }
    }

    static {
        // Keep Formatter's output ASCII and locale-stable.
        java.util.Locale.setDefault(java.util.Locale.ROOT);
    }
}
