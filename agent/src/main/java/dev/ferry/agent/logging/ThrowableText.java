package dev.ferry.agent.logging;

import java.io.PrintWriter;
import java.io.StringWriter;

/** A throwable as log field text: its class and message and those of its causes, or its whole stack trace. */
final class ThrowableText {
    // a cause chain longer than this is a loop or a framework wrapping itself; the head says enough
    private static final int MAX_CAUSES = 8;

    private ThrowableText() {}

    /** {@code java.io.IOException: boom; caused by: java.net.ConnectException: refused}. */
    static String summary(Throwable thrown) {
        StringBuilder b = new StringBuilder(96);
        Throwable t = thrown;
        for (int depth = 0; t != null; depth++) {
            if (depth > 0) {
                b.append("; caused by: ");
            }
            if (depth == MAX_CAUSES) {
                b.append('…');
                break;
            }
            b.append(t.getClass().getName());
            Throwable cause = t.getCause();
            String message = t.getMessage();
            // new Exception(cause) copies the cause's toString() as its message: say it once, as the cause
            if (message != null && !(cause != null && message.equals(cause.toString()))) {
                b.append(": ").append(message);
            }
            t = cause == t ? null : cause;
        }
        return b.toString();
    }

    /** The stack trace as printStackTrace writes it (the line writer escapes its newlines). */
    static String stackTrace(Throwable thrown) {
        StringWriter w = new StringWriter(1024);
        try (PrintWriter p = new PrintWriter(w)) {
            thrown.printStackTrace(p);
        }
        String s = w.toString();
        return s.endsWith(System.lineSeparator())
                ? s.substring(0, s.length() - System.lineSeparator().length())
                : s;
    }
}
