package dev.ferry.pipeline;

import dev.ferry.loki.AckListener;
import dev.ferry.loki.PushOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The acknowledgement token of an entry made by joining several (multiline): it stands for the
 * tokens of every part, and settling it settles each part once with the same outcome. The agent
 * wraps the listener it gives the Loki client with {@link #settling(AckListener)}.
 */
public final class JoinedToken {
    private final Object[] parts;

    private JoinedToken(Object[] parts) {
        this.parts = parts;
    }

    /**
     * The token for an entry joined from parts carrying {@code tokens[0..count)}: null when no part
     * had a token, the token itself when one had, else a JoinedToken. Nested joined tokens are
     * flattened; null tokens are skipped.
     */
    public static Object join(Object[] tokens, int count) {
        int n = 0;
        Object single = null;
        for (int i = 0; i < count; i++) {
            Object t = tokens[i];
            if (t instanceof JoinedToken j) {
                n += j.parts.length;
            } else if (t != null) {
                n++;
                single = t;
            }
        }
        if (n == 0) {
            return null;
        }
        if (n == 1 && single != null) {
            return single;
        }
        Object[] flat = new Object[n];
        int k = 0;
        for (int i = 0; i < count; i++) {
            Object t = tokens[i];
            if (t instanceof JoinedToken j) {
                System.arraycopy(j.parts, 0, flat, k, j.parts.length);
                k += j.parts.length;
            } else if (t != null) {
                flat[k++] = t;
            }
        }
        return new JoinedToken(flat);
    }

    /** The parts' tokens, in the order their lines were read. */
    public List<Object> parts() {
        return List.of(parts);
    }

    /** Settles {@code token} with {@code outcome}: every part of a joined token, or the token itself. */
    public static void settle(Object token, PushOutcome outcome, AckListener listener) {
        if (token instanceof JoinedToken j) {
            for (Object part : j.parts) {
                listener.acknowledged(part, outcome);
            }
        } else if (token != null) {
            listener.acknowledged(token, outcome);
        }
    }

    /** A listener that hands each part of a joined token to {@code listener}, and other tokens as they are. */
    public static AckListener settling(AckListener listener) {
        return (token, outcome) -> settle(token, outcome, listener);
    }

    /** Collects the tokens of the parts being joined, without a list per part. */
    public static final class Collector {
        private Object[] tokens = new Object[8];
        private int count;

        public void add(Object token) {
            if (count == tokens.length) {
                tokens = Arrays.copyOf(tokens, count * 2);
            }
            tokens[count++] = token;
        }

        /** The joined token of everything added, and a reset. */
        public Object drain() {
            Object t = join(tokens, count);
            Arrays.fill(tokens, 0, count, null);
            count = 0;
            return t;
        }
    }

    @Override
    public String toString() {
        return "JoinedToken" + new ArrayList<>(List.of(parts));
    }
}
