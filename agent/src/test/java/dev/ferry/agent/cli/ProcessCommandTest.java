package dev.ferry.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry process} on examples/seed.yaml with the sample logs (pino JSON with a stack trace,
 * health checks and custom levels; Plex lines with hex and decimal thread ids): the exact JSON a
 * user sees.
 */
class ProcessCommandTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path SEED = ROOT.resolve("examples/seed.yaml");
    private TimeZone zone;

    @BeforeEach
    void plexWritesNewYorkTime() {
        // the seed's Plex timestamps use the agent's zone unless PLEX_TIMEZONE is set
        zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
    }

    @AfterEach
    void restoreZone() {
        TimeZone.setDefault(zone);
    }

    private static CommandRun run(byte[] stdin, String... args) {
        return CommandRun.of(stdin, args);
    }

    @Test
    void theDefaultPipelineOnPinoOutputWithStackTracesAndHealthChecks() throws Exception {
        CommandRun r = run(
                Files.readAllBytes(ROOT.resolve("examples/logs/api/api.log")),
                "process",
                "--config",
                SEED.toString(),
                "--pipeline",
                "default",
                "--labels",
                "{\"namespace\":\"demo\",\"app\":\"api\"}",
                "--timestamp",
                "2026-01-27T12:40:00Z");

        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("""
                {"timestamp":"2026-01-27T12:39:48.421Z","labels":{"app":"api","level":"info","namespace":"demo"},"structured_metadata":{"msg":"listening on :3000","module":"server"},"line":"listening on :3000"}
                {"timestamp":"2026-01-27T12:39:49.002Z","labels":{"app":"api","level":"info","namespace":"demo"},"structured_metadata":{"msg":"request completed","module":"http"},"line":"request completed"}
                {"timestamp":"2026-01-27T12:39:50.117Z","labels":{"app":"api","level":"warn","namespace":"demo"},"structured_metadata":{"msg":"slow query","module":"db"},"line":"slow query"}
                {"timestamp":"2026-01-27T12:40:00Z","labels":{"app":"api","namespace":"demo"},"structured_metadata":{},"line":"Error: connect ECONNREFUSED 10.43.12.7:5432\\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)\\n    at Pool.connect (/app/node_modules/pg-pool/index.js:45:11)\\n    at async Repo.find (/app/src/repo.js:12:5)"}
                {"timestamp":"2026-01-27T12:39:51.230Z","labels":{"app":"api","level":"error","namespace":"demo"},"structured_metadata":{"msg":"query failed","module":"db"},"line":"query failed"}
                {"timestamp":"2026-01-27T12:40:00Z","labels":{"app":"api","namespace":"demo"},"structured_metadata":{},"line":"10.42.0.9 - - [27/Jan/2026:12:39:52 +0000] \\"POST /api/health/readiness HTTP/1.1\\" 405 0 \\"-\\" \\"curl/8.5.0\\""}
                {"timestamp":"2026-01-27T12:40:00Z","labels":{"app":"api","namespace":"demo"},"structured_metadata":{},"line":"10.42.0.9 - - [27/Jan/2026:12:39:52 +0000] \\"GET /api/items/42 HTTP/1.1\\" 200 512 \\"-\\" \\"Mozilla/5.0\\""}
                {"timestamp":"2026-01-27T12:39:52.001Z","labels":{"app":"api","level":"35","namespace":"demo"},"structured_metadata":{"msg":"custom level kept as it is","module":"audit"},"line":"custom level kept as it is"}
                {"timestamp":"2026-01-27T12:39:52.500Z","labels":{"app":"api","level":"warn","namespace":"demo"},"structured_metadata":{"msg":"a string level stays a string","module":"legacy"},"line":"a string level stays a string"}
                {"timestamp":"2026-01-27T12:39:53Z","labels":{"app":"api","level":"fatal","namespace":"demo"},"structured_metadata":{"msg":"shutting down after fatal error","module":"server"},"line":"shutting down after fatal error"}
                """);
    }

    @Test
    void thePlexPipelineOnPlexMediaServerLines() throws Exception {
        CommandRun r = run(
                Files.readAllBytes(ROOT.resolve("examples/logs/plex/Plex Media Server.log")),
                "process",
                "--config",
                SEED.toString(),
                "--pipeline",
                "plex",
                "--labels",
                "{\"namespace\":\"plex\",\"app\":\"plex\",\"source\":\"file\","
                        + "\"service_name\":\"plex/plex\",\"filename\":\"/var/log/plex/Plex Media Server.log\"}",
                "--timestamp",
                "2026-01-27T12:40:00Z");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("""
                {"timestamp":"2026-01-27T17:39:48.421Z","labels":{"app":"plex","level":"info","namespace":"plex","service_name":"plex/plex","source":"file"},"structured_metadata":{"filename":"/var/log/plex/Plex Media Server.log"},"line":"Plex Media Server v1.41.3.9314-a0bfb8370 - Docker Docker Container x86_64 - build: linux-x86_64 debian"}
                {"timestamp":"2026-01-27T17:39:48.433Z","labels":{"app":"plex","level":"debug","namespace":"plex","service_name":"plex/plex","source":"file"},"structured_metadata":{"filename":"/var/log/plex/Plex Media Server.log"},"line":"Request: [127.0.0.1:55012 (Loopback)] GET /identity (14 live) #4a GZIP Signed-in"}
                {"timestamp":"2026-01-27T17:39:49.002Z","labels":{"app":"plex","level":"warn","namespace":"plex","service_name":"plex/plex","source":"file"},"structured_metadata":{"filename":"/var/log/plex/Plex Media Server.log"},"line":"[Transcoder] Denying access to transcoder: not authorized"}
                {"timestamp":"2026-01-27T17:39:50.118Z","labels":{"app":"plex","level":"error","namespace":"plex","service_name":"plex/plex","source":"file"},"structured_metadata":{"filename":"/var/log/plex/Plex Media Server.log"},"line":"[Req#5b/Transcode] Unable to find a suitable stream to transcode"}
                {"timestamp":"2026-01-27T17:39:51.500Z","labels":{"app":"plex","level":"verbose","namespace":"plex","service_name":"plex/plex","source":"file"},"structured_metadata":{"filename":"/var/log/plex/Plex Media Server.log"},"line":"Scanner: processing directory /data/movies"}
                {"timestamp":"2026-01-27T12:40:00Z","labels":{"app":"plex","namespace":"plex","service_name":"plex/plex","source":"file"},"structured_metadata":{"filename":"/var/log/plex/Plex Media Server.log"},"line":"this line does not match the Plex layout and passes through unchanged"}
                """);
    }

    @Test
    void inspectShowsWhatEachStageChangedOnStandardError() {
        CommandRun r = run(
                "{\"level\":50,\"time\":1769517591230,\"module\":\"db\",\"msg\":\"query failed\"}\n10.0.0.1 GET /health/liveness\n"
                        .getBytes(StandardCharsets.UTF_8),
                "process",
                "--config",
                SEED.toString(),
                "--pipeline",
                "default",
                "--labels",
                "{\"app\":\"api\"}",
                "--timestamp",
                "2026-01-27T12:40:00Z",
                "--inspect");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).hasLineCount(1);
        assertThat(r.err())
                .contains("[inspect] stage 3 (json): changed")
                .contains("+ extracted level=\"50\"")
                .contains("[inspect] stage 4 (map): changed")
                .contains("~ extracted level=\"50\" -> \"error\"")
                .contains("timestamp 2026-01-27T12:40:00Z -> 2026-01-27T12:39:51.230Z")
                .contains("[inspect] stage 7 (labels): changed\n    + label level=\"error\"")
                .contains("[inspect] stage 2 (drop): dropped, reason health_check: \"10.0.0.1 GET /health/liveness\"");
    }

    @Test
    void anUnknownPipelineOrBadLabelsSayWhatIsWrong() {
        CommandRun unknown = run(new byte[0], "process", "--config", SEED.toString(), "--pipeline", "nope");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no pipeline named 'nope' (defined: default, plex)");

        CommandRun badLabels = run(
                new byte[0],
                "process",
                "--config",
                SEED.toString(),
                "--pipeline",
                "default",
                "--labels",
                "{\"bad-name\":\"x\"}");
        assertThat(badLabels.exit()).isEqualTo(2);
        assertThat(badLabels.err()).contains("--labels: ").contains("invalid label name 'bad-name'");
    }

    @Test
    void checkSaysWhatTheSeedDefines() {
        CommandRun r = run(new byte[0], "check", "--config", SEED.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains(SEED + ": ok")
                .contains(
                        "default: 8 stages (multiline, drop, json, map, timestamp, output, labels, structured_metadata)")
                .contains("plex: 6 stages (regex, template, timestamp, output, labels, structured_metadata)")
                .contains("pods: kubernetes api mode")
                .contains("plex: file /var/log/plex/*.log -> pipeline plex");
    }

    @Test
    void checkListsEveryErrorOfABadConfigAndExitsOne(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                loki:
                  - url: ftp://nowhere
                pipelines:
                  default:
                    - regex: {expression: '(unclosed'}
                    - json: {expresions: {a: a}}
                    - replace: {expression: '^30$', replace: info, source: level}
                """);
        CommandRun r = run(new byte[0], "check", "--config", bad.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines())
                .contains(bad + ":2:5: loki endpoint 1: url must start with http:// or https://, got 'ftp://nowhere'")
                .anyMatch(l -> l.startsWith(bad + ":5:") && l.contains("stage 1 (regex): expression does not compile"))
                .anyMatch(l -> l.startsWith(bad + ":6:")
                        && l.contains("unknown key 'expresions' (did you mean 'expressions'?)"))
                .anyMatch(l ->
                        l.startsWith(bad + ":7:") && l.contains("warning:") && l.contains("never changes anything"))
                .contains(bad + ": 4 errors; nothing was started");
    }
}
