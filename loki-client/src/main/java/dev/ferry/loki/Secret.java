package dev.ferry.loki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A password or token, given inline or as a file that is read on every use (so a rotated token is
 * picked up). It never prints its value: {@link #toString()} is redacted.
 */
public final class Secret {
    private final String value;
    private final Path file;

    private Secret(String value, Path file) {
        this.value = value;
        this.file = file;
    }

    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "secret value"), null);
    }

    public static Secret fromFile(Path file) {
        return new Secret(null, Objects.requireNonNull(file, "secret file"));
    }

    /** The secret's current value; a file's content with trailing newlines removed. */
    public String reveal() throws IOException {
        if (file == null) {
            return value;
        }
        String s = Files.readString(file, StandardCharsets.UTF_8);
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    /** Where the secret comes from, safe to log. */
    public String source() {
        return file == null ? "inline" : "file " + file;
    }

    @Override
    public String toString() {
        return "<secret " + source() + ">";
    }
}
