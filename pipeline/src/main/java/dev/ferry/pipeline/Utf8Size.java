package dev.ferry.pipeline;

/** UTF-8 sizes of Java strings without encoding them (Loki and Alloy count line lengths in bytes). */
public final class Utf8Size {
    private Utf8Size() {}

    /** The UTF-8 length of {@code s}, or some value above {@code limit} once it is past it. */
    public static int lengthUpTo(String s, int limit) {
        int n = 0;
        for (int i = 0; i < s.length() && n <= limit; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
