package dev.ferry.agent.logging;

import java.time.LocalDate;
import java.util.List;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

/**
 * One log event as one line of logfmt or JSON, newline included: {@code ts level logger msg}, the message's lifted
 * {@code key=value} pairs, the event's own key/value pairs, then {@code error} (and {@code stack} at debug). Every
 * value is escaped, so a newline in a message or an exception never splits the line.
 */
final class EventLine {
    private final StringBuilder b;
    private final boolean json;
    private boolean first = true;

    private EventLine(LogFormat format, int capacity) {
        this.b = new StringBuilder(capacity);
        this.json = format == LogFormat.JSON;
    }

    /** A message built by the caller: every character is read as written. */
    static String render(
            long epochMillis,
            Level level,
            String logger,
            String message,
            List<KeyValuePair> pairs,
            Throwable thrown,
            LogSettings settings) {
        return render(epochMillis, level, logger, FormattedMessage.literal(message), pairs, thrown, settings);
    }

    static String render(
            long epochMillis,
            Level level,
            String logger,
            FormattedMessage formatted,
            List<KeyValuePair> pairs,
            Throwable thrown,
            LogSettings settings) {
        MessageFields m = MessageFields.parse(formatted);
        String message = m.message();
        EventLine line = new EventLine(settings.format(), 96 + logger.length() + message.length());
        if (line.json) {
            line.b.append('{');
        }
        line.key("ts");
        line.timestamp(epochMillis);
        line.field("level", levelName(level));
        line.field("logger", logger);
        line.key("msg");
        line.msg(m);
        for (int p = 0; p < m.pairs(); p++) {
            if (thrown != null && m.keyIs(p, "error")) {
                continue; // the throwable's summary below says the same and more
            }
            line.key(message, m.keyStart(p), m.keyEnd(p));
            line.value(message, m.valueStart(p), m.valueEnd(p));
        }
        for (KeyValuePair kv : pairs) {
            String key = String.valueOf(kv.key);
            line.field(isTaken(key, m) ? "_" + key : key, String.valueOf(kv.value));
        }
        if (thrown != null) {
            line.field("error", ThrowableText.summary(thrown));
            if (settings.stackTraces()) {
                line.field("stack", ThrowableText.stackTrace(thrown));
            }
        }
        if (line.json) {
            line.b.append('}');
        }
        return line.b.append('\n').toString();
    }

    private static boolean isTaken(String key, MessageFields m) {
        switch (key) {
            case "ts", "level", "logger", "msg", "error", "stack" -> {
                return true;
            }
            default -> {
                for (int p = 0; p < m.pairs(); p++) {
                    if (m.keyIs(p, key)) {
                        return true;
                    }
                }
                return false;
            }
        }
    }

    private static String levelName(Level level) {
        return switch (level) {
            case ERROR -> "error";
            case WARN -> "warn";
            case INFO -> "info";
            case DEBUG -> "debug";
            case TRACE -> "trace";
        };
    }

    private void field(String key, String value) {
        key(key);
        value(value, 0, value.length());
    }

    private void key(String key) {
        key(key, 0, key.length());
    }

    private void key(String s, int start, int end) {
        if (json) {
            if (!first) {
                b.append(',');
            }
            b.append('"');
            escape(s, start, end);
            b.append("\":");
        } else {
            if (!first) {
                b.append(' ');
            }
            if (start == end) {
                b.append('_');
            }
            for (int i = start; i < end; i++) {
                char c = s.charAt(i);
                // a logfmt key ends at a space, '=' or '"': anything else passes unchanged
                b.append(c <= ' ' || c == '=' || c == '"' || isLineBreaking(c) ? '_' : c);
            }
            b.append('=');
        }
        first = false;
    }

    /** The message's runs of words joined by one space, quoted as one value. */
    private void msg(MessageFields m) {
        String s = m.message();
        if (m.wordRuns() == 0) {
            value(s, 0, 0);
            return;
        }
        if (m.wordRuns() == 1) {
            value(s, m.wordsStart(0), m.wordsEnd(0));
            return;
        }
        b.append('"');
        for (int run = 0; run < m.wordRuns(); run++) {
            if (run > 0) {
                b.append(' ');
            }
            escape(s, m.wordsStart(run), m.wordsEnd(run));
        }
        b.append('"');
    }

    private void value(String s, int start, int end) {
        if (json || needsQuotes(s, start, end)) {
            b.append('"');
            escape(s, start, end);
            b.append('"');
        } else {
            b.append(s, start, end);
        }
    }

    /** {@code 2026-01-27T12:39:48.421Z}, UTC to the millisecond. */
    private void timestamp(long epochMillis) {
        long seconds = Math.floorDiv(epochMillis, 1000L);
        int millis = (int) Math.floorMod(epochMillis, 1000L);
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        if (json) {
            b.append('"');
        }
        digits(day.getYear(), 4).append('-');
        digits(day.getMonthValue(), 2).append('-');
        digits(day.getDayOfMonth(), 2).append('T');
        digits(secondOfDay / 3600, 2).append(':');
        digits(secondOfDay / 60 % 60, 2).append(':');
        digits(secondOfDay % 60, 2).append('.');
        digits(millis, 3).append('Z');
        if (json) {
            b.append('"');
        }
    }

    private StringBuilder digits(int value, int width) {
        for (int w = width - 1, scale = pow10(w); w > 0 && value < scale; w--, scale /= 10) {
            b.append('0');
        }
        return b.append(value);
    }

    private static int pow10(int n) {
        int p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }

    private static boolean needsQuotes(String s, int start, int end) {
        if (start == end) {
            return true;
        }
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == '"' || c == '=' || c == '\\' || isLineBreaking(c)) {
                return true;
            }
        }
        return false;
    }

    /** Escapes for a quoted logfmt or JSON string alike: both read the same backslash escapes, four-digit hex included. */
    private void escape(String s, int start, int end) {
        int plain = start;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c >= ' ' && c != '"' && c != '\\' && !isLineBreaking(c)) {
                continue;
            }
            b.append(s, plain, i);
            plain = i + 1;
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    b.append("\\u");
                    for (int shift = 12; shift >= 0; shift -= 4) {
                        b.append(Character.forDigit((c >> shift) & 0xF, 16));
                    }
                }
            }
        }
        b.append(s, plain, end);
    }

    /** DEL, the C1 controls (NEL among them) and the Unicode line and paragraph separators. */
    private static boolean isLineBreaking(char c) {
        return (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
