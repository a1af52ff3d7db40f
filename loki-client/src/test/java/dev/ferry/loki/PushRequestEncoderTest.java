package dev.ferry.loki;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.ferry.loki.proto.PushProto;
import java.util.Arrays;
import java.util.List;
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
        Batch batch = new Batch("", 0);
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
            batch.add(streams[it.stream()], new LogEntry(it.epochNanos(), it.line(), md), null);
        }
        PushRequestEncoder encoder = new PushRequestEncoder();
        int length = encoder.encode(batch);
        byte[] ours = Arrays.copyOf(encoder.raw(), length);

        byte[] reference = reference(batch).toByteArray();
        assertThat(ours).isEqualTo(reference);

        int compressed = encoder.compress();
        byte[] roundTrip = Snappy.uncompress(Arrays.copyOf(encoder.compressed(), compressed));
        assertThat(PushProto.PushRequest.parseFrom(roundTrip)).isEqualTo(reference(batch));
    }

    @Property(tries = 2000)
    void varintSizeIsWhatProtobufWrites(@ForAll("varints") long v) {
        assertThat(PushRequestEncoder.varintSize(v))
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
        Batch batch = new Batch("", 0);
        batch.add(Labels.of("a", "b"), new LogEntry(-1_500_000_000L, ""), null);
        batch.add(Labels.of("a", "b"), new LogEntry(0, "x"), null);
        PushRequestEncoder encoder = new PushRequestEncoder();
        int length = encoder.encode(batch);
        assertThat(Arrays.copyOf(encoder.raw(), length))
                .isEqualTo(reference(batch).toByteArray());
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

    static PushProto.PushRequest reference(Batch batch) {
        PushProto.PushRequest.Builder req = PushProto.PushRequest.newBuilder();
        for (StreamEntries s : batch.streams()) {
            PushProto.StreamAdapter.Builder sb =
                    PushProto.StreamAdapter.newBuilder().setLabels(s.labels.rendered());
            for (int i = 0; i < s.count; i++) {
                LogEntry e = s.entries[i];
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
            req.addStreams(sb);
        }
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
