package dev.ferry.agent.kubernetes;

import java.util.Arrays;

/**
 * Where a container's log stream was acknowledged up to: the kubelet timestamp of the last settled
 * line and the hashes of the settled lines that carry exactly that timestamp. A resumed stream asks
 * for {@code sinceTime} at that second and skips what is at or before it, so nothing is sent twice.
 *
 * <p>Persisted as text by {@link #encode()}: {@code 2026-01-27T12:39:48.421337000Z
 * 9f3a0c1d2e3f4a5b,77b10c1d2e3f4a5b} (timestamp, a space, hashes in hex separated by commas; the
 * hash list may be empty). {@link #decode(String)} reads it back.
 */
public record ContainerLogPosition(long epochNanos, long[] lineHashes) {

    public ContainerLogPosition {
        lineHashes = lineHashes.clone();
    }

    public String encode() {
        StringBuilder sb = new StringBuilder(32 + lineHashes.length * 17);
        sb.append(KubeletTimestamp.format(epochNanos)).append(' ');
        for (int i = 0; i < lineHashes.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            String hex = Long.toHexString(lineHashes[i]);
            sb.append("0000000000000000", 0, 16 - hex.length()).append(hex);
        }
        return sb.toString();
    }

    /**
     * Reads what {@link #encode()} wrote.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static ContainerLogPosition decode(String text) {
        String s = text.strip();
        int space = s.indexOf(' ');
        String time = space < 0 ? s : s.substring(0, space);
        long nanos = KubeletTimestamp.parse(time);
        if (nanos == KubeletTimestamp.INVALID) {
            throw new IllegalArgumentException(
                    "container log position '" + text + "': '" + time + "' is not an RFC 3339 timestamp");
        }
        String hashes = space < 0 ? "" : s.substring(space + 1).strip();
        if (hashes.isEmpty()) {
            return new ContainerLogPosition(nanos, new long[0]);
        }
        String[] parts = hashes.split(",");
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Long.parseUnsignedLong(parts[i].strip(), 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "container log position '" + text + "': '" + parts[i] + "' is not a hex line hash");
            }
        }
        return new ContainerLogPosition(nanos, values);
    }

    @Override
    public long[] lineHashes() {
        return lineHashes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContainerLogPosition p
                && p.epochNanos == epochNanos
                && Arrays.equals(p.lineHashes, lineHashes);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(epochNanos) * 31 + Arrays.hashCode(lineHashes);
    }

    @Override
    public String toString() {
        return encode();
    }
}
