package dev.ferry.loki;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.ferry.loki.proto.PushProto;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/** The hand-written encoder must write exactly the bytes protobuf-java writes for the same request. */
class PushRequestEncoderTest {

    record Item(int stream, long epochNanos, String line, List<String> metadata) {}

    @Property(tries = 300)
    void writesTheSameBytesAsProtobufJava(@ForAll("batches") List<Item> items) throws Exception {
        Labels[] streams = {
            Labels.of("app", "api", "namespace", "prod"),
            Labels.of("app", "wörker \"q\"", "namespace", "prod"),
            Labels.of("filename", "/var/log/plex/Plex Media Server.log")
        };
        Pushes pushes = new Pushes();
        for (Item it : items) {
            StructuredMetadata md = StructuredMetadata.EMPTY;
            if (!it.metadata().isEmpty()) {
                String[] kv = new String[it.metadata().size() * 2];
                for (int i = 0; i < it.metadata().size(); i++) {
                    kv[2 * i] = "k" + i;
                    kv[2 * i + 1] = it.metadata().get(i);
                }
                md = StructuredMetadata.of(kv);
            }
            pushes.add(streams[it.stream()], new LogEntry(it.epochNanos(), it.line(), md), null);
        }
        Batch batch = pushes.batch();
        PushRequestEncoder encoder = new PushRequestEncoder();
        int length = encoder.encode(batch);
        byte[] ours = Arrays.copyOf(encoder.raw(), length);

        byte[] reference = reference(pushes).toByteArray();
        assertThat(ours).isEqualTo(reference);

        int compressed = encoder.compress();
        byte[] roundTrip = Snappy.uncompress(Arrays.copyOf(encoder.compressed(), compressed));
        assertThat(PushProto.PushRequest.parseFrom(roundTrip)).isEqualTo(reference(pushes));
    }

    @Property(tries = 2000)
    void varintSizeIsWhatProtobufWrites(@ForAll("varints") long v) {
        assertThat(ProtoWire.varintSize(v))
                .as("%d", v)
                .isEqualTo(com.google.protobuf.CodedOutputStream.computeUInt64SizeNoTag(v));
    }

    @Provide
    Arbitrary<Long> varints() {
        // every bit length, both signs, and the edges of each varint size
        Arbitrary<Long> byBits = Arbitraries.integers()
                .between(0, 63)
                .flatMap(bits -> Arbitraries.longs()
                        .between(bits == 0 ? 0 : 1L << (bits - 1), bits == 0 ? 0 : (1L << bits) - 1));
        return Arbitraries.oneOf(
                byBits,
                byBits.map(x -> -x - 1),
                Arbitraries.of(0L, 127L, 128L, 16383L, 16384L, (1L << 35) - 1, 1L << 35, Long.MAX_VALUE, -1L));
    }

    @Test
    void encodesTimestampsBeforeTheEpochAndEmptyLines() {
        Pushes pushes = new Pushes()
                .add(Labels.of("a", "b"), new LogEntry(-1_500_000_000L, ""), null)
                .add(Labels.of("a", "b"), new LogEntry(0, "x"), null);
        Batch batch = pushes.batch();
        PushRequestEncoder encoder = new PushRequestEncoder();
        int length = encoder.encode(batch);
        assertThat(Arrays.copyOf(encoder.raw(), length))
                .isEqualTo(reference(pushes).toByteArray());
    }

    @Test
    void streamsLargerThanTheBiggestChunkAndReusedChunksEncodeAsProtobufJavaDoes() {
        ChunkPool pool = new ChunkPool(1 << 20);
        for (int round = 0; round < 3; round++) {
            // each round reuses the last round's chunks, whose old bytes must not show through
            Pushes pushes = new Pushes();
            for (int i = 0; i < 600; i++) {
                Labels labels = Labels.of("app", i % 3 == 0 ? "quiet" : "busy", "round", "r" + round);
                String line = (char) ('a' + round) + "-" + i + "-" + "x".repeat((i * 37 + round) % 400);
                StructuredMetadata md =
                        i % 5 == 0 ? StructuredMetadata.of("trace_id", "t" + i) : StructuredMetadata.EMPTY;
                pushes.add(labels, new LogEntry(1_700_000_000_000_000_000L + i, line, md), i);
            }
            pushes.add(Labels.of("app", "huge"), new LogEntry(1, "h".repeat(100_000)), "huge");
            Batch batch = new Batch("", 0, pool);
            for (Pushes.Push p : pushes.list()) {
                batch.add(p.labels(), p.entry(), p.token());
            }
            PushRequestEncoder encoder = new PushRequestEncoder();
            int length = encoder.encode(batch);
            assertThat(Arrays.copyOf(encoder.raw(), length))
                    .as("round %d", round)
                    .isEqualTo(reference(pushes).toByteArray());
            batch.releaseChunks();
        }
        assertThat(pool.pooledBytes()).isPositive();
    }

    @Test
    void aBatchCountsTheChunksItTookAndItsEntriesSlots() {
        Batch batch = new Batch("", 0);
        long first = batch.add(
                Labels.of("a", "b"), new LogEntry(1, "x"), EntryEncoding.bodySize(new LogEntry(1, "x")), null);
        assertThat(first).isEqualTo(ChunkPool.MIN_CHUNK + Batch.ENTRY_OVERHEAD_BYTES);
        long second = batch.add(
                Labels.of("a", "b"), new LogEntry(2, "y"), EntryEncoding.bodySize(new LogEntry(2, "y")), null);
        assertThat(second).isEqualTo(Batch.ENTRY_OVERHEAD_BYTES); // fits in the first chunk
        assertThat(batch.heapBytes()).isEqualTo(first + second);
    }

    @Test
    void aStringWithALoneSurrogateIsWrittenWithReplacementCharacter() throws Exception {
        Batch batch = new Batch("", 0);
        batch.add(Labels.of("a", "b"), new LogEntry(1, "x\uDC00y"), null);
        PushRequestEncoder encoder = new PushRequestEncoder();
        int length = encoder.encode(batch);
        var parsed = PushProto.PushRequest.parseFrom(Arrays.copyOf(encoder.raw(), length));
        assertThat(parsed.getStreams(0).getEntries(0).getLine()).isEqualTo("x\uFFFDy");
    }

    /** What protobuf-java writes for these pushes: one stream per label set, in first-pushed order. */
    static PushProto.PushRequest reference(Pushes pushes) {
        Map<Labels, PushProto.StreamAdapter.Builder> streams = new LinkedHashMap<>();
        for (Pushes.Push p : pushes.list()) {
            PushProto.StreamAdapter.Builder sb = streams.computeIfAbsent(
                    p.labels(), l -> PushProto.StreamAdapter.newBuilder().setLabels(l.rendered()));
            LogEntry e = p.entry();
            PushProto.EntryAdapter.Builder eb = PushProto.EntryAdapter.newBuilder()
                    .setTimestamp(Timestamp.newBuilder()
                            .setSeconds(Math.floorDiv(e.epochNanos(), 1_000_000_000L))
                            .setNanos((int) Math.floorMod(e.epochNanos(), 1_000_000_000L)))
                    .setLine(e.line().replaceAll("[\\uD800-\\uDFFF]", "\uFFFD"));
            for (int m = 0; m < e.metadata().size(); m++) {
                eb.addStructuredMetadata(PushProto.LabelPairAdapter.newBuilder()
                        .setName(e.metadata().name(m))
                        .setValue(e.metadata().value(m)));
            }
            sb.addEntries(eb);
        }
        PushProto.PushRequest.Builder req = PushProto.PushRequest.newBuilder();
        streams.values().forEach(req::addStreams);
        return req.build();
    }

    @Provide
    Arbitrary<List<Item>> batches() {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.strings().ascii().ofMaxLength(300),
                Arbitraries.strings().all().ofMaxLength(50).filter(s -> !Utf8.hasLoneSurrogate(s)),
                Arbitraries.of("", "{\"level\":30,\"msg\":\"héllo 🚀\"}", "    at Foo.bar(Foo.java:12)"));
        Arbitrary<Item> item = Combinators.combine(
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.longs().between(-5_000_000_000L, 4_102_444_800_000_000_000L),
                        text,
                        text.list().ofMaxSize(3))
                .as(Item::new);
        return item.list().ofMinSize(1).ofMaxSize(40);
    }
}
