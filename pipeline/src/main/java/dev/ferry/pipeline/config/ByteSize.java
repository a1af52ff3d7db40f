package dev.ferry.pipeline.config;

/** Sizes as Alloy writes them ({@code 512}, {@code 10KB}, {@code 1MiB}): units are powers of 1024, as in Go's units.Base2Bytes. */
public final class ByteSize {
    private ByteSize() {}

    /** Bytes in {@code s}, e.g. {@code 1MiB}. @throws IllegalArgumentException saying how to write a size */
    public static long parse(String s) {
        String t = s.trim();
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw bad(s);
        }
        long n;
        try {
            n = Long.parseLong(t.substring(0, i));
        } catch (NumberFormatException e) {
            throw bad(s);
        }
        long unit = switch (t.substring(i).trim()) {
            case "", "B" -> 1L;
            case "KB", "KiB", "K", "k", "kB" -> 1L << 10;
            case "MB", "MiB", "M" -> 1L << 20;
            case "GB", "GiB", "G" -> 1L << 30;
            default -> throw bad(s);
        };
        return Math.multiplyExact(n, unit);
    }

    private static IllegalArgumentException bad(String s) {
        return new IllegalArgumentException(
                "'" + s + "' is not a size; write bytes or a number with KB, MB or GB (powers of 1024), e.g. 10KB");
    }
}
