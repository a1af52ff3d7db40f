package dev.ferry.loki;

/** The few protobuf wire-format primitives the hand-written encoders need: tags and unsigned varints. */
final class ProtoWire {
    static final int VARINT = 0;
    static final int LEN = 2;

    private ProtoWire() {}

    static int tag(byte[] b, int p, int field, int wireType) {
        b[p] = (byte) ((field << 3) | wireType);
        return p + 1;
    }

    static int varintSize(long v) {
        // int64 values are written as unsigned 64-bit varints: a negative one takes 10 bytes.
        // Compares rather than counting leading zeros: C1, which the image runs, calls that as a method.
        if ((v & ~0x7FL) == 0) {
            return 1;
        }
        if ((v & ~0x3FFFL) == 0) {
            return 2;
        }
        if ((v & ~0x1FFFFFL) == 0) {
            return 3;
        }
        if ((v & ~0xFFFFFFFL) == 0) {
            return 4;
        }
        if ((v & ~0x7FFFFFFFFL) == 0) {
            return 5; // epoch seconds and nanoseconds
        }
        int bits = 64 - Long.numberOfLeadingZeros(v);
        return (bits + 6) / 7;
    }

    static int varint(byte[] b, int p, long v) {
        while ((v & ~0x7FL) != 0) {
            b[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[p++] = (byte) v;
        return p;
    }
}
