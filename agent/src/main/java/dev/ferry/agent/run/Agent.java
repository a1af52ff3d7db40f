package dev.ferry.agent.run;

import dev.ferry.agent.config.AgentConfig;
import dev.ferry.agent.config.SourceSpec;
import dev.ferry.agent.file.FileSource;
import dev.ferry.agent.http.AgentHttpServer;
import dev.ferry.agent.kubernetes.KubernetesFileSource;
import dev.ferry.agent.kubernetes.KubernetesLogSource;
import dev.ferry.agent.positions.PositionStore;
import dev.ferry.agent.sink.EchoSink;
import dev.ferry.agent.sink.EntrySink;
import dev.ferry.agent.sink.FanoutSink;
import dev.ferry.agent.sink.LokiSink;
import dev.ferry.loki.LokiClient;
import dev.ferry.loki.LokiClientConfig;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.PipelineFactory;
import dev.ferry.pipeline.PipelineSpec;
import dev.ferry.pipeline.TimeSource;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent: wires sources → pipelines → sinks from an {@link AgentConfig}, serves HTTP,
 * and shuts down in the order that keeps positions honest: stop reading, flush pipelines, let the
 * sinks finish (or report failures), then save positions.
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    private static final long TICK_MILLIS = 100;
    /** How long the ticker rests when nothing waits on time (metrics stage pruning, gone pods). */
    private static final long REST_MILLIS = 1000;
    // how often the log says what was sent (only when something was): often enough to see it work, rarely enough
    // not to bury other lines
    private static final java.time.Duration PROGRESS_PERIOD = java.time.Duration.ofSeconds(60);

    private final AgentConfig config;
    private final PrometheusMeterRegistry meters;
    private final Clock clock;
    private final PrintStream stdout;
    private final UndeliveredCount acks = new UndeliveredCount(SourceAcks.settling(this::positionsMoved));

    private volatile PositionStore positions;
    private EntrySink sink;
    // read by the HTTP thread (/status), which serves while start() fills them
    private final List<LokiClient> clients = new CopyOnWriteArrayList<>();
    private final Map<String, PipelineFactory> factories = new HashMap<>();
    private final List<FileSource> fileSources = new CopyOnWriteArrayList<>();
    private final List<KubernetesLogSource> kubernetesSources = new CopyOnWriteArrayList<>();
    private final List<KubernetesFileSource> kubernetesFileSources = new CopyOnWriteArrayList<>();
    private final List<PipelineInput> inputs = new ArrayList<>();
    private final Map<String, PipelineInput> containerInputs = new ConcurrentHashMap<>();
    private ScheduledExecutorService ticker;
    private final PipelineTicker pipelineTicker = new PipelineTicker(new TickWork(), TICK_MILLIS, REST_MILLIS);
    private AgentHttpServer http;
    private AgentStatus status;
    private volatile boolean started;
    private volatile boolean stopping;

    public Agent(AgentConfig config, PrometheusMeterRegistry meters, Clock clock, PrintStream stdout) {
        this.config = config;
        this.meters = meters;
        this.clock = clock;
        this.stdout = stdout;
    }

    /**
     * Starts everything; throws when the HTTP port or positions directory cannot be used. The HTTP port is bound
     * first: when it is taken nothing has been read and no position has been touched.
     */
    public synchronized void start() throws InterruptedException {
        if (config.loki().isEmpty() && !config.echo()) {
            // the config loader refuses this; an agent built otherwise must not settle entries nobody took
            throw new IllegalArgumentException("no sink: no loki endpoint and echo is off; entries would go nowhere");
        }
        status = new AgentStatus(this, meters, config);
        http = new AgentHttpServer(
                config.server().httpListenAddress(), config.server().httpListenPort(), status);
        positions = PositionStore.open(
                new PositionStore.Config(
                        config.positions().directory(),
                        config.positions().syncPeriod(),
                        config.positions().forgetAfter()),
                clock,
                meters);
        positions.start();
        sink = buildSink();
        for (PipelineSpec spec : config.pipelines().values()) {
            factories.put(spec.name(), new PipelineFactory(spec, meters, TimeSource.SYSTEM, config.maxLineSize()));
        }
        pipelineTicker.start();
        for (SourceSpec source : config.sources()) {
            switch (source) {
                case SourceSpec.File f -> startFileSource(f);
                case SourceSpec.Kubernetes k -> startKubernetesSource(k);
            }
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-ticker");
            t.setDaemon(true);
            return t;
        });
        long progressMillis = PROGRESS_PERIOD.toMillis();
        ticker.scheduleAtFixedRate(
                new ProgressLog(meters, clients, PROGRESS_PERIOD)::report,
                progressMillis,
                progressMillis,
                TimeUnit.MILLISECONDS);
        started = true;
        log.info(
                "ferry started sources={} pipelines={} loki_endpoints={} echo={} http={}:{} positions={}",
                config.sources().size(),
                config.pipelines().size(),
                clients.size(),
                config.echo(),
                config.server().httpListenAddress(),
                http.port(),
                positions.file());
    }

    /** An acknowledgement may have moved a position: the store saves it soon (coalesced). */
    private void positionsMoved() {
        PositionStore p = positions;
        if (p != null) {
            p.requestSync();
        }
    }

    private EntrySink buildSink() {
        List<EntrySink> sinks = new ArrayList<>();
        boolean fanout = config.loki().size() + (config.echo() ? 1 : 0) > 1;
        List<String> warnings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<LokiClientConfig> endpoints =
                MemoryBudget.fit(config.loki(), Runtime.getRuntime().maxMemory(), warnings, notes);
        warnings.forEach(log::warn);
        notes.forEach(log::info);
        for (LokiClientConfig c : endpoints) {
            LokiClient client = new LokiClient(c, fanout ? FanoutSink.innerListener(sinks.size()) : acks, meters);
            clients.add(client);
            sinks.add(new LokiSink(client, config.server().shutdownTimeout()));
        }
        if (config.echo()) {
            sinks.add(new EchoSink(stdout, fanout ? FanoutSink.innerListener(sinks.size()) : acks));
        }
        // no sink at all is refused when the config is read (NoSink), so there is always one here
        return fanout ? new FanoutSink(sinks, acks, meters, FanoutSink.DEFAULT_FULL_WAIT) : sinks.get(0);
    }

    private PipelineFactory factory(String pipeline) {
        PipelineFactory f = pipeline == null ? null : factories.get(pipeline);
        if (f == null) {
            f = new PipelineFactory(
                    new PipelineSpec("none", List.of()), meters, TimeSource.SYSTEM, config.maxLineSize());
        }
        return f;
    }

    /** A pipeline instance feeding the sinks, registered with the ticker. */
    private PipelineInput newInput(PipelineFactory factory) {
        PipelineInput input = new PipelineInput(factory, sink, acks, meters, pipelineTicker);
        synchronized (inputs) {
            inputs.add(input);
        }
        return input;
    }

    private void startFileSource(SourceSpec.File spec) {
        PipelineInput input = newInput(factory(spec.pipeline()));
        FileSource source = new FileSource(spec.config(), FileLineInput.keyedByFile(input), positions, meters, clock);
        fileSources.add(source);
        PositionLagMetrics.register(meters, source);
        source.start();
    }

    private void startKubernetesSource(SourceSpec.Kubernetes spec) {
        if (spec.mode() == SourceSpec.Mode.FILES) {
            // one reader thread for every pod log file: one pipeline instance, streams keyed by file
            PipelineInput input = newInput(factory(spec.pipeline()));
            KubernetesFileSource source = KubernetesFileSource.create(
                    spec.config(), spec.logRoot(), FileLineInput.keyedByPath(input), positions, meters);
            kubernetesFileSources.add(source);
            source.start();
            return;
        }
        KubernetesPositionStore containerPositions = new KubernetesPositionStore(spec.name(), positions);
        positions.register(spec.name(), containerPositions);
        PipelineFactory factory = factory(spec.pipeline());
        KubernetesLogSource source = KubernetesLogSource.create(
                spec.config(),
                (target, epochNanos, line, ack) -> {
                    PipelineInput input = containerInputs.computeIfAbsent(
                            spec.name() + '\u0000' + target.key(), k -> newInput(factory));
                    input.process(new Entry(target.key(), target.labels(), epochNanos, line, ack));
                },
                containerPositions,
                meters);
        kubernetesSources.add(source);
        PositionLagMetrics.register(meters, source);
        source.start();
    }

    private static final long PRUNE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** What the ticker does: release held entries, wake sources that wait for room, forget gone pods. */
    private final class TickWork implements PipelineTicker.Work {
        private long lastPrune = System.nanoTime();

        @Override
        public void tick() {
            long now = System.nanoTime();
            if (now - lastPrune >= PRUNE_EVERY_NANOS) {
                lastPrune = now;
                pruneGoneContainers();
            }
            for (PipelineInput input : inputs()) {
                try {
                    input.tick();
                } catch (RuntimeException e) {
                    log.error("pipeline tick failed: {}", e.toString());
                }
            }
            if (!sink.hasRoom()) {
                return;
            }
            for (FileSource f : fileSources) {
                if (f.waitingForRoom()) {
                    f.wakeUp();
                }
            }
            for (KubernetesFileSource k : kubernetesFileSources) {
                if (k.waitingForRoom()) {
                    k.wakeUp();
                }
            }
        }

        @Override
        public boolean waitsOnTime() {
            for (PipelineInput input : inputs()) {
                if (input.holds()) {
                    return true;
                }
            }
            for (FileSource f : fileSources) {
                if (f.waitingForRoom()) {
                    return true;
                }
            }
            for (KubernetesFileSource k : kubernetesFileSources) {
                if (k.waitingForRoom()) {
                    return true;
                }
            }
            return false;
        }
    }

    private List<PipelineInput> inputs() {
        synchronized (inputs) {
            return List.copyOf(inputs);
        }
    }

    /**
     * Forgets the pipeline instances of containers their source no longer lists (pods that are gone),
     * after releasing what they hold, so per-container state does not grow with pod churn.
     */
    private void pruneGoneContainers() {
        if (containerInputs.isEmpty()) {
            return;
        }
        java.util.Set<String> live = new java.util.HashSet<>();
        for (KubernetesLogSource k : kubernetesSources) {
            for (KubernetesLogSource.TargetStatus t : k.targets()) {
                live.add(k.config().name() + '\u0000' + t.target().key());
            }
        }
        for (var e : containerInputs.entrySet()) {
            if (!live.contains(e.getKey())) {
                PipelineInput input = e.getValue();
                containerInputs.remove(e.getKey(), input);
                input.flush();
                synchronized (inputs) {
                    inputs.remove(input);
                }
            }
        }
    }

    boolean started() {
        return started && !stopping;
    }

    boolean stopping() {
        return stopping;
    }

    List<FileSource> fileSources() {
        return fileSources;
    }

    List<KubernetesLogSource> kubernetesSources() {
        return kubernetesSources;
    }

    List<KubernetesFileSource> kubernetesFileSources() {
        return kubernetesFileSources;
    }

    List<LokiClient> clients() {
        return clients;
    }

    /** The HTTP port bound (for tests that ask for port 0). */
    public int httpPort() {
        return http.port();
    }

    /** Drains and stops; safe to call more than once. */
    @Override
    public synchronized void close() {
        if (stopping) {
            return;
        }
        stopping = true;
        if (started) { // a start that failed has said why; it has nothing to drain
            log.info(
                    "ferry stopping: sources stop reading, pipelines flush, sinks finish within {}",
                    config.server().shutdownTimeout());
        }
        long failedBefore = acks.failed();
        // file readers first take no more lines, so that what they have not read stays unread (and is
        // read at the next start) instead of being read now only to fail at the full sink below
        for (KubernetesFileSource k : kubernetesFileSources) {
            k.stopReading();
        }
        for (FileSource f : fileSources) {
            f.stopReading();
        }
        if (sink != null) {
            sink.stopWaiting(); // a source blocked on a full client (Loki down) must be able to stop
        }
        for (KubernetesLogSource k : kubernetesSources) {
            k.close();
        }
        for (KubernetesFileSource k : kubernetesFileSources) {
            k.close();
        }
        for (FileSource f : fileSources) {
            f.close();
        }
        pipelineTicker.close();
        if (ticker != null) {
            ticker.shutdownNow();
        }
        List<PipelineInput> snapshot;
        synchronized (inputs) {
            snapshot = List.copyOf(inputs);
        }
        for (PipelineInput input : snapshot) {
            input.flush();
        }
        if (sink != null) {
            sink.close();
        }
        if (positions != null) {
            positions.close();
        }
        if (http != null) {
            http.close();
        }
        long undelivered = acks.failed() - failedBefore;
        if (!started) {
            return;
        }
        if (undelivered > 0) {
            log.warn(
                    "ferry stopped; entries not delivered are reported failed and read again at the next start"
                            + " unsent={}",
                    undelivered);
        } else {
            log.info("ferry stopped");
        }
    }
}
