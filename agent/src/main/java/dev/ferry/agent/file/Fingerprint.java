package dev.ferry.agent.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * A hash of a file's first {@code length} bytes. A rename keeps it; a file that reuses a freed inode,
 * or one truncated and written anew, almost never has the same one.
 */
record Fingerprint(int length, long hash) {
    static final Fingerprint EMPTY = new Fingerprint(0, 0);

    /** Hashes the first {@code length} bytes of {@code channel}; fewer if the file is shorter. */
    static Fingerprint read(FileChannel channel, int length, byte[] scratch) throws IOException {
        int n = readAt(channel, 0, scratch, Math.min(length, scratch.length));
        return of(scratch, n);
    }

    static Fingerprint of(byte[] bytes, int length) {
        if (length == 0) {
            return EMPTY;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return new Fingerprint(length, crc.getValue());
    }

    /** True when the file's first {@link #length} bytes (in {@code head}, {@code available} long) hash the same. */
    boolean matches(byte[] head, int available) {
        if (available < length) {
            return false;
        }
        return of(head, length).equals(this);
    }

    /** Reads up to {@code length} bytes at {@code position}; returns how many (0 at end of file). */
    static int readAt(FileChannel channel, long position, byte[] into, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(into, 0, length);
        while (buf.hasRemaining()) {
            int n = channel.read(buf, position + buf.position());
            if (n <= 0) {
                break;
            }
        }
        return buf.position();
    }

    @Override
    public String toString() {
        return length + ":" + Long.toHexString(hash);
    }

    /** Parses {@link #toString()}; {@code null} when {@code text} is not one. */
    static Fingerprint parse(String text) {
        if (text == null) {
            return null;
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        try {
            return new Fingerprint(
                    Integer.parseInt(text.substring(0, colon)), Long.parseUnsignedLong(text.substring(colon + 1), 16));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
