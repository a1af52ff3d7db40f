package dev.ferry.agent.cli;

import dev.ferry.agent.config.AgentConfig;
import dev.ferry.agent.run.Agent;
import dev.ferry.agent.run.GcMeters;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code ferry run}: starts the agent and runs until SIGTERM/SIGINT, then drains and exits 0. */
final class RunCommand implements Subcommand {
    private final PrintStream out;
    private final PrintStream err;

    RunCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String description() {
        return "Run the agent with a config file.";
    }

    @Override
    public List<CommandOption> options() {
        return List.of(CheckCommand.CONFIG);
    }

    @Override
    public int run(CommandArgs args) throws Exception {
        Path config = Path.of(args.value("--config", null));
        AgentConfig c = ConfigReport.load(config, System.getenv(), err, true);
        if (c == null) {
            return 1;
        }
        Logging.configure(c.server().logLevel(), c.server().logFormat());
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Agent agent = new Agent(c, meters, Clock.systemUTC(), out);
        CountDownLatch stop = new CountDownLatch(1);
        // SIGTERM/SIGINT drain the agent on the main thread, which then exits 0 (a plain shutdown hook
        // would make the JVM exit 143); the hook remains for other exits (System.exit, SIGHUP).
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> stop.countDown());
            } catch (IllegalArgumentException unsupported) {
                // not on this platform: the shutdown hook drains instead
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "ferry-shutdown"));
        try {
            agent.start();
        } catch (RuntimeException e) {
            err.println("ferry: cannot start: " + e.getMessage());
            agent.close();
            return 1;
        }
        // The JVM's own meters (management beans) are bound once the sources read:
        // nothing in the agent needs them, and binding them first delayed the first line read.
        new JvmMemoryMetrics().bindTo(meters);
        GcMeters.bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ClassLoaderMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
        stop.await();
        agent.close();
        return 0;
    }
}
