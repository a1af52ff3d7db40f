package dev.ferry.agent.file;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.loki.LineTruncation;
import dev.ferry.loki.PushOutcome;
import dev.ferry.loki.Utf8;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tailing scenarios on real files: what a user of a log directory would see happen. */
class FileTailerScenarioTest {
    @TempDir
    Path logs;

    @TempDir
    Path data;

    TailerHarness harness(FileSourceConfig config) {
        return new TailerHarness(config, data);
    }

    FileSourceConfig config(String glob) {
        return FileSourceConfig.of("plex", List.of(logs.resolve(glob).toString()), Map.of("app", "plex"));
    }

    static void append(Path file, String text) throws IOException {
        append(file, text.getBytes(UTF_8));
    }

    static void append(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void appendWhileReading() throws IOException {
        Path log = logs.resolve("Plex Media Server.log");
        append(log, "one\ntwo\n");
        TailerHarness h = harness(config("*.log")).step();
        assertThat(h.sink.lines()).containsExactly("one", "two");
        append(log, "three\n");
        h.pump();
        append(log, "four\nfive\n");
        h.pump();
        assertThat(h.sink.lines()).containsExactly("one", "two", "three", "four", "five");
        FileTarget target = h.sink.received.get(0).target();
        assertThat(target.path()).isEqualTo(log.toString());
        assertThat(target.labels().toMap()).isEqualTo(Map.of("app", "plex", "filename", log.toString()));
        assertThat(h.count("ferry.file.lines.read")).isEqualTo(5);
        assertThat(h.count("ferry.file.bytes.read")).isEqualTo(24);
        assertThat(h.sink.received.get(0).readTime()).isEqualTo(1769515200000000000L);
    }

    /** Plex renames X.log → X.1.log → … → X.5.log and starts a new X.log. */
    static void plexRotate(Path dir, String base) throws IOException {
        Files.deleteIfExists(dir.resolve(base + ".5.log"));
        for (int i = 4; i >= 1; i--) {
            Path from = dir.resolve(base + "." + i + ".log");
            if (Files.exists(from)) {
                Files.move(from, dir.resolve(base + "." + (i + 1) + ".log"), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.move(dir.resolve(base + ".log"), dir.resolve(base + ".1.log"), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void plexRenameChainReadsEveryLineOnceUnderTheNameItWasWrittenTo() throws IOException {
        Path log = logs.resolve("Plex Media Server.log");
        TailerHarness h = harness(config("*.log"));
        List<String> written = new ArrayList<>();
        int n = 0;
        for (int round = 0; round < 8; round++) {
            for (int i = 0; i < 3; i++) {
                append(log, "line " + n + "\n");
                written.add("line " + n++);
            }
            h.step();
            append(log, "line " + n + " written before the rename, read after it\n");
            written.add("line " + n++ + " written before the rename, read after it");
            plexRotate(logs, "Plex Media Server");
            append(log, "line " + n + " in the new file\n");
            written.add("line " + n++ + " in the new file");
            h.step();
            h.sink.ackAll(PushOutcome.SENT);
        }
        assertThat(h.sink.lines()).containsExactlyElementsOf(written);
        assertThat(h.sink.received).extracting(l -> l.target().path()).containsOnly(log.toString());
        try (var files = Files.list(logs)) {
            assertThat(files.count()).isEqualTo(6);
        }
        assertThat(h.count("ferry.file.rotations", "kind", "renamed")).isGreaterThanOrEqualTo(8);
        // a restart now reads nothing again: every file resumes at its end
        h.restart().step();
        assertThat(h.sink.lines()).isEmpty();
        append(logs.resolve("Plex Media Server.log"), "after restart\n");
        h.step();
        assertThat(h.sink.lines()).containsExactly("after restart");
    }

    @Test
    void logrotateCreateReadsTheOldFileToItsEndThenClosesIt() throws IOException {
        Path log = logs.resolve("app.log");
        append(log, "a1\n");
        TailerHarness h = harness(config("*.log")).step();
        append(log, "a2\n");
        Files.move(log, logs.resolve("app.log.1")); // logrotate create: rename, new empty file
        append(log, "b1\n");
        append(logs.resolve("app.log.1"), "a3 written by the app before it reopened its log\n");
        h.step();
        assertThat(h.sink.lines())
                .containsExactly("a1", "a2", "a3 written by the app before it reopened its log", "b1");
        assertThat(h.tailer.openFiles()).isEqualTo(2);
        h.sink.ackAll(PushOutcome.SENT);
        h.step(); // quiet for a scan period: finished
        assertThat(h.tailer.openFiles()).isEqualTo(1);
        assertThat(h.count("ferry.file.rotations", "kind", "gone")).isEqualTo(1);
        assertThat(h.meters.get("ferry.file.files.open").gauge().value()).isEqualTo(1);
    }

    @Test
    void copytruncateStartsAgainAtTheBeginning() throws IOException {
        Path log = logs.resolve("app.log");
        append(log, "old line 1\nold line 2\nold line 3\n");
        TailerHarness h = harness(config("*.log")).step();
        Files.copy(log, logs.resolve("app.log.1"));
        Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        append(log, "new 1\n");
        h.step();
        assertThat(h.sink.lines()).containsExactly("old line 1", "old line 2", "old line 3", "new 1");
        assertThat(h.count("ferry.file.rotations", "kind", "truncated")).isEqualTo(1);
    }

    @Test
    void copytruncateIsNoticedEvenWhenTheNewContentIsAlreadyLongerThanTheOld() throws IOException {
        Path log = logs.resolve("app.log");
        append(log, "old 1\nold 2\n");
        TailerHarness h = harness(config("*.log")).step();
        Files.write(
                log,
                "new content is longer than what was read\n".getBytes(UTF_8),
                StandardOpenOption.TRUNCATE_EXISTING);
        h.step();
        assertThat(h.sink.lines()).containsExactly("old 1", "old 2", "new content is longer than what was read");
    }

    @Test
    void aFileDeletedWhileReadIsReadToItsEndThenClosed() throws IOException {
        Path log = logs.resolve("app.log");
        append(log, "1\n");
        TailerHarness h = harness(config("*.log")).step();
        append(log, "2\n3\nlast line without newline");
        Files.delete(log);
        h.step();
        assertThat(h.sink.lines()).containsExactly("1", "2", "3");
        h.step();
        assertThat(h.sink.lines())
                .as("finished: the last line is handed on although its newline never came")
                .containsExactly("1", "2", "3", "last line without newline");
        assertThat(h.tailer.openFiles()).as("open until acknowledged").isEqualTo(1);
        h.sink.ackAll(PushOutcome.SENT);
        h.pump();
        assertThat(h.tailer.openFiles()).isZero();
        assertThat(h.count("ferry.file.partial.lines.flushed")).isEqualTo(1);
    }

    @Test
    void aFailedPushOfADeletedFileIsReadAgainFromTheOpenFile() throws IOException {
        Path log = logs.resolve("app.log");
        append(log, "1\n2\n");
        TailerHarness h = harness(config("*.log")).step();
        Files.delete(log);
        h.step().step();
        h.sink.ack(0, PushOutcome.SENT);
        h.sink.ack(0, PushOutcome.FAILED);
        h.pump();
        assertThat(h.sink.lines()).containsExactly("1", "2", "2");
        h.sink.ackAll(PushOutcome.SENT);
        h.pump();
        assertThat(h.tailer.openFiles()).isZero();
    }

    @Test
    void tailFromEndSkipsOnlyFilesPresentAtTheFirstStart() throws IOException {
        Path old = logs.resolve("old.log");
        append(old, "history 1\nhistory 2\n");
        TailerHarness h = harness(config("*.log").withTailFromEnd(true)).step();
        assertThat(h.sink.lines()).isEmpty();
        append(old, "new in old\n");
        append(logs.resolve("created.log"), "first line of a new file\n");
        h.step();
        assertThat(h.sink.lines()).containsExactlyInAnyOrder("new in old", "first line of a new file");
    }

    @Test
    void tailFromEndStartsAtALineNotInTheMiddleOfOne() throws IOException {
        append(logs.resolve("app.log"), "complete\nhalf writ");
        TailerHarness h = harness(config("*.log").withTailFromEnd(true)).step();
        append(logs.resolve("app.log"), "ten\n");
        h.step();
        assertThat(h.sink.lines()).containsExactly("half written");
    }

    @Test
    void tailFromEndDoesNotApplyAfterARestartWithPositions() throws IOException {
        Path log = logs.resolve("app.log");
        append(log, "before first start\n");
        TailerHarness h = harness(config("*.log").withTailFromEnd(true)).step();
        append(log, "1\n");
        h.step();
        h.sink.ackAll(PushOutcome.SENT);
        h.restart();
        append(log, "2 written while the agent was down\n");
        append(logs.resolve("new.log"), "3 in a file created while the agent was down\n");
        h.step();
        assertThat(h.sink.lines())
                .containsExactlyInAnyOrder(
                        "2 written while the agent was down", "3 in a file created while the agent was down");
    }

    @Test
    void aLineWithoutNewlineIsHeldUntilItsNewlineArrives() throws IOException {
        Path log = logs.resolve("app.log");
        append(log, "done\nhal");
        TailerHarness h = harness(config("*.log")).step();
        append(log, "f a li");
        h.step();
        assertThat(h.sink.lines()).containsExactly("done");
        append(log, "ne\n");
        h.step();
        assertThat(h.sink.lines()).containsExactly("done", "half a line");
        h.sink.ackAll(PushOutcome.SENT);
        append(log, "held at restart");
        h.step().restart();
        append(log, "\n");
        h.step();
        assertThat(h.sink.lines()).containsExactly("held at restart");
    }

    @Test
    void aTenMegabyteLineIsTruncatedWithoutBufferingIt() throws IOException {
        Path log = logs.resolve("app.log");
        byte[] huge = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'x');
        append(log, "before\n");
        append(log, huge);
        TailerHarness h = harness(config("*.log")).step();
        assertThat(h.sink.lines()).as("no newline yet: nothing").containsExactly("before");
        append(log, "\nafter\n");
        h.step();
        assertThat(h.sink.lines()).hasSize(3);
        String cut = h.sink.lines().get(1);
        assertThat(cut).endsWith(LineTruncation.MARKER).startsWith("xxxx");
        assertThat(Utf8.length(cut)).isEqualTo(FileSourceConfig.DEFAULT_MAX_LINE_SIZE);
        assertThat(h.sink.lines().get(2)).isEqualTo("after");
        assertThat(h.count("ferry.file.lines.truncated")).isEqualTo(1);
        assertThat(h.count("ferry.file.bytes.read")).isEqualTo(7 + huge.length + 1 + 6);
        h.sink.ackAll(PushOutcome.SENT);
        h.restart().step();
        assertThat(h.sink.lines()).as("the position is past the long line").isEmpty();
    }

    @Test
    void aTooLongLineCanBeDropped() throws IOException {
        Path log = logs.resolve("app.log");
        append(log, "short\n" + "y".repeat(5000) + "\nnext\n" + "z".repeat(3000) + "\n");
        FileSourceConfig c = new FileSourceConfig(
                "plex",
                List.of(logs.resolve("*.log").toString()),
                null,
                null,
                false,
                null,
                null,
                null,
                1000,
                true,
                null,
                null);
        TailerHarness h = harness(c).step();
        assertThat(h.sink.lines()).containsExactly("short", "next");
        assertThat(h.count("ferry.file.lines.dropped")).isEqualTo(2);
        h.sink.ackAll(PushOutcome.SENT);
        h.restart().step();
        assertThat(h.sink.lines()).isEmpty();
    }

    @Test
    void truncationNeverCutsAUtf8Character() throws IOException {
        Path log = logs.resolve("app.log");
        // 9 ASCII bytes, then 'é' (2 bytes) straddles the 10-byte limit
        append(log, "123456789é tail\n");
        FileSourceConfig c = new FileSourceConfig(
                "plex",
                List.of(logs.resolve("*.log").toString()),
                null,
                null,
                false,
                null,
                null,
                null,
                10,
                false,
                512,
                null);
        TailerHarness h = harness(c).step();
        assertThat(h.sink.lines()).containsExactly("123456789");
        assertThat(h.count("ferry.file.lines.invalid.utf8")).isZero();
    }

    @Test
    void invalidUtf8BecomesReplacementCharactersAndIsCounted() throws IOException {
        Path log = logs.resolve("app.log");
        append(log, new byte[] {'o', 'k', (byte) 0xff, '!', '\n', (byte) 0xc3, (byte) 0xa9, '\n', (byte) 0xe2, '\n'});
        TailerHarness h = harness(config("*.log")).step();
        assertThat(h.sink.lines()).containsExactly("ok\uFFFD!", "é", "\uFFFD");
        assertThat(h.count("ferry.file.lines.invalid.utf8")).isEqualTo(2);
    }

    @Test
    void nulBytesInsideALineAreKeptAndAHoleOfNulsIsSkipped() throws IOException {
        Path log = logs.resolve("app.log");
        append(log, "a\u0000b\n");
        // the hole a copytruncate leaves when the writer does not append: NULs up to its old offset
        append(log, new byte[100_000]);
        append(log, "after the hole\n");
        TailerHarness h = harness(config("*.log")).step();
        assertThat(h.sink.lines()).containsExactly("a\u0000b", "after the hole");
        assertThat(h.count("ferry.file.nul.bytes.skipped")).isEqualTo(100_000);
        assertThat(h.count("ferry.file.lines.truncated")).isZero();
    }

    @Test
    void crlfLineEndingsAreRemoved() throws IOException {
        append(logs.resolve("app.log"), "windows\r\nline\r\n\r\nbare\rcr\n");
        TailerHarness h = harness(config("*.log")).step();
        assertThat(h.sink.lines()).containsExactly("windows", "line", "", "bare\rcr");
    }

    @Test
    void aRestartContinuesExactlyAfterTheLastAcknowledgedLine() throws IOException {
        Path log = logs.resolve("app.log");
        append(log, "1\n2\n3\n4\n5\n");
        TailerHarness h = harness(config("*.log")).step();
        h.sink.ack(0, PushOutcome.SENT); // 1
        h.sink.ack(0, PushOutcome.DROPPED); // 2
        h.sink.ack(1, PushOutcome.SENT); // 4, while 3 is still in flight
        h.restart();
        append(log, "6\n");
        h.step();
        assertThat(h.sink.lines()).containsExactly("3", "4", "5", "6");
    }

    @Test
    void aFailedPushIsReadAgainFromTheFailedLine() throws IOException {
        Path log = logs.resolve("app.log");
        append(log, "1\n2\n3\n");
        TailerHarness h = harness(config("*.log")).step();
        h.sink.ack(2, PushOutcome.SENT); // 3
        h.sink.ack(1, PushOutcome.FAILED); // 2
        h.pump();
        assertThat(h.sink.lines()).as("1 is still in flight").containsExactly("1", "2", "3");
        h.sink.ack(0, PushOutcome.SENT); // 1
        h.pump();
        assertThat(h.sink.lines()).containsExactly("1", "2", "3", "2", "3");
        assertThat(h.count("ferry.file.rereads")).isEqualTo(1);
        h.sink.ackAll(PushOutcome.SENT);
        h.restart().step();
        assertThat(h.sink.lines()).isEmpty();
    }

    @Test
    void aFullDownstreamPausesTheFileAndLosesNothing() throws IOException {
        Path log = logs.resolve("app.log");
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            append(log, "line " + i + "\n");
            written.add("line " + i);
        }
        TailerHarness h = harness(config("*.log"));
        h.sink.capacity = 7;
        for (int i = 0; i < 20 && h.sink.received.size() < 50; i++) {
            h.step();
            assertThat(h.sink.pending).hasSizeLessThanOrEqualTo(7);
            h.sink.ackAll(PushOutcome.SENT);
        }
        assertThat(h.sink.lines()).containsExactlyElementsOf(written);
        assertThat(h.sink.refusals).isPositive();
        assertThat(h.count("ferry.file.offers.refused")).isEqualTo(h.sink.refusals);
    }

    @Test
    void aFileThatReusesASavedInodeIsReadFromItsStart() throws IOException {
        Path log = logs.resolve("app.log");
        append(log, "a new file that got the inode of a deleted one\n");
        FileIdentity id = FileIdentity.of(log);
        Files.writeString(data.resolve("positions.yaml"), """
                version: 1
                sources:
                  plex:
                  - key: "%s"
                    position: 20
                    attributes: {path: "/gone/old.log", fingerprint: "48:1234abcd"}
                """.formatted(id.key()));
        TailerHarness h = harness(config("*.log").withTailFromEnd(true)).step();
        assertThat(h.sink.lines()).containsExactly("a new file that got the inode of a deleted one");
        assertThat(h.sink.received.get(0).target().path()).isEqualTo(log.toString());
    }

    @Test
    void aFileTruncatedWhileTheAgentWasDownIsReadFromItsStart() throws IOException {
        Path log = logs.resolve("app.log");
        append(log, "first version line 1\nfirst version line 2\n");
        TailerHarness h = harness(config("*.log")).step();
        h.sink.ackAll(PushOutcome.SENT);
        h.restart();
        Files.write(log, "second version\n".getBytes(UTF_8), StandardOpenOption.TRUNCATE_EXISTING);
        h.step();
        assertThat(h.sink.lines()).containsExactly("second version");
    }

    @Test
    void aFileWithTwoNamesIsReadOnce() throws IOException {
        Path log = logs.resolve("app.log");
        append(log, "once\n");
        Files.createSymbolicLink(logs.resolve("current.log"), log);
        TailerHarness h = harness(config("*.log")).step();
        assertThat(h.sink.lines()).containsExactly("once");
    }

    @Test
    void globsWithDoubleStarAndExcludes() throws IOException {
        Files.createDirectories(logs.resolve("a/b"));
        append(logs.resolve("top.log"), "top\n");
        append(logs.resolve("a/mid.log"), "mid\n");
        append(logs.resolve("a/b/deep.log"), "deep\n");
        append(logs.resolve("a/b/skip.log"), "skip\n");
        append(logs.resolve("a/b/other.txt"), "other\n");
        FileSourceConfig c = new FileSourceConfig(
                "plex",
                List.of(logs + "/**/*.log"),
                List.of(logs + "/**/skip.log"),
                null,
                false,
                null,
                null,
                null,
                null,
                false,
                null,
                null);
        TailerHarness h = harness(c).step();
        assertThat(h.sink.lines()).containsExactlyInAnyOrder("top", "mid", "deep");
    }

    @Test
    void aDirectoryThatAppearsLaterIsFound() throws IOException {
        TailerHarness h = harness(config("later/*.log")).step();
        Files.createDirectories(logs.resolve("later"));
        append(logs.resolve("later/x.log"), "found\n");
        h.step();
        assertThat(h.sink.lines()).containsExactly("found");
    }

    @Test
    void otherEncodingsAreDecoded() throws IOException {
        append(logs.resolve("app.log"), new byte[] {'c', 'a', 'f', (byte) 0xe9, '\n'});
        FileSourceConfig c = new FileSourceConfig(
                "plex",
                List.of(logs.resolve("*.log").toString()),
                null,
                null,
                false,
                java.nio.charset.Charset.forName("ISO-8859-1"),
                null,
                null,
                null,
                false,
                null,
                null);
        TailerHarness h = harness(c).step();
        assertThat(h.sink.lines()).containsExactly("café");
    }

    @Test
    void linesOfEveryLengthAndMixOfAsciiAndUtf8ComeOutAsWritten() throws IOException {
        // the reader scans for newlines eight bytes at a time: lines end, and non-ASCII bytes sit,
        // at every position relative to those eight-byte steps, with CRLF and NUL-free content
        Path log = logs.resolve("mix.log");
        List<String> written = new java.util.ArrayList<>();
        StringBuilder file = new StringBuilder();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 400; i++) {
            StringBuilder line = new StringBuilder();
            int length = random.nextInt(40);
            for (int k = 0; k < length; k++) {
                int pick = random.nextInt(20);
                line.append(pick == 0 ? 'é' : pick == 1 ? '€' : pick == 2 ? '\r' : (char) ('a' + pick));
            }
            String ending = random.nextBoolean() ? "\n" : "\r\n";
            String beforeLf = line + ending.substring(0, ending.length() - 1);
            // exactly one CR before the LF is removed
            written.add(beforeLf.endsWith("\r") ? beforeLf.substring(0, beforeLf.length() - 1) : beforeLf);
            file.append(line).append(ending);
        }
        append(log, file.toString());

        TailerHarness h = harness(config("*.log")).step();

        assertThat(h.sink.lines()).containsExactlyElementsOf(written);
        assertThat(h.count("ferry.file.lines.invalid.utf8")).isZero();
        // the reader says which lines are all ASCII (stages and the client then skip measuring them)
        assertThat(h.sink.received)
                .allSatisfy(l -> assertThat(l.ascii())
                        .as("'%s' offered as ASCII", l.line())
                        .isEqualTo(l.line().chars().allMatch(c -> c < 0x80)));
        assertThat(h.sink.received).anyMatch(RecordingSink.Line::ascii).anyMatch(l -> !l.ascii());
    }
}
