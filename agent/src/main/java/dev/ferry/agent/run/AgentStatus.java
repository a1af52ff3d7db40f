package dev.ferry.agent.run;

import dev.ferry.agent.config.AgentConfig;
import dev.ferry.agent.file.FileSource;
import dev.ferry.agent.file.FileTargetStatus;
import dev.ferry.agent.http.AgentHttpServer;
import dev.ferry.agent.kubernetes.KubernetesApiStatus;
import dev.ferry.agent.kubernetes.KubernetesFileSource;
import dev.ferry.agent.kubernetes.KubernetesLogSource;
import dev.ferry.loki.LokiClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the agent's HTTP endpoint reports: metrics, readiness, health and a JSON status of every target. */
final class AgentStatus implements AgentHttpServer.Reporter {
    private final Agent agent;
    private final PrometheusMeterRegistry meters;
    private final AgentConfig config;

    AgentStatus(Agent agent, PrometheusMeterRegistry meters, AgentConfig config) {
        this.agent = agent;
        this.meters = meters;
        this.config = config;
    }

    @Override
    public String metrics() {
        return meters.scrape();
    }

    @Override
    public String notReadyReason() {
        if (agent.stopping()) {
            return "shutting down";
        }
        if (!agent.started()) {
            return "starting";
        }
        if (config.server().readyRequiresKubernetes()) {
            List<KubernetesApiStatus.Snapshot> apis = new ArrayList<>();
            agent.kubernetesSources().forEach(k -> apis.add(k.apiStatus()));
            agent.kubernetesFileSources().forEach(k -> apis.add(k.apiStatus()));
            for (KubernetesApiStatus.Snapshot s : apis) {
                if (!s.reachable()) {
                    return "kubernetes API " + s.state().name().toLowerCase(java.util.Locale.ROOT)
                            + (s.lastError() == null ? "" : ": " + s.lastError());
                }
            }
        }
        return null;
    }

    @Override
    public String unhealthyReason() {
        return agent.stopping() ? "shutting down" : null;
    }

    @Override
    public String statusJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("ready", notReadyReason() == null);
        List<Object> sources = new ArrayList<>();
        for (FileSource f : agent.fileSources()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", f.name());
            s.put("kind", "file");
            s.put("targets", fileTargets(f.status()));
            sources.add(s);
        }
        for (KubernetesFileSource k : agent.kubernetesFileSources()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", k.name());
            s.put("kind", "kubernetes");
            s.put("mode", "files");
            s.put("log_root", k.logRoot().toString());
            s.put("api", api(k.apiStatus()));
            s.put("targets", fileTargets(k.status()));
            sources.add(s);
        }
        for (KubernetesLogSource k : agent.kubernetesSources()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", k.config().name());
            s.put("kind", "kubernetes");
            s.put("api", api(k.apiStatus()));
            List<Object> targets = new ArrayList<>();
            for (KubernetesLogSource.TargetStatus t : k.targets()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("key", t.target().key());
                m.put("labels", t.target().labels().toMap());
                m.put("streaming", t.streaming());
                m.put(
                        "acked_until",
                        t.acked() == null
                                ? null
                                : Instant.EPOCH
                                        .plusNanos(t.acked().epochNanos())
                                        .toString());
                m.put(
                        "sent_until",
                        t.sent() == null
                                ? null
                                : Instant.EPOCH.plusNanos(t.sent().epochNanos()).toString());
                m.put(
                        "lag_seconds",
                        t.acked() == null || t.sent() == null
                                ? null
                                : (t.sent().epochNanos() - t.acked().epochNanos()) / 1e9);
                m.put("in_flight", t.inFlight());
                m.put("last_error", t.lastError());
                targets.add(m);
            }
            s.put("targets", targets);
            sources.add(s);
        }
        root.put("sources", sources);
        List<Object> loki = new ArrayList<>();
        for (LokiClient c : agent.clients()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.config().name());
            m.put("url", c.config().safeUrl());
            m.put("buffered_bytes", c.bufferedBytes());
            m.put("max_buffered_bytes", c.config().maxBufferedBytes());
            loki.add(m);
        }
        root.put("loki", loki);
        return JsonText.indented(root) + "\n";
    }

    private static List<Object> fileTargets(List<FileTargetStatus> files) {
        List<Object> targets = new ArrayList<>();
        for (FileTargetStatus t : files) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", t.path());
            m.put("labels", t.labels().toMap());
            m.put("read_offset", t.readOffset());
            m.put("committed_offset", t.committedOffset());
            m.put("size", t.size());
            m.put("lag_bytes", t.lagBytes());
            m.put("in_flight", t.inFlight());
            m.put("detached", t.detached());
            targets.add(m);
        }
        return targets;
    }

    private static Map<String, Object> api(KubernetesApiStatus.Snapshot api) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("state", api.state().name().toLowerCase(java.util.Locale.ROOT));
        a.put("since", String.valueOf(api.since()));
        a.put("last_error", api.lastError());
        a.put("errors", api.errors());
        return a;
    }
}
