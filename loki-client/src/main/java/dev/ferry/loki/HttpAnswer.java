package dev.ferry.loki;

/**
 * What an HTTP endpoint answered: status, the Retry-After header if any, and the whole body (which
 * the transport bounds), kept whole because Loki's 400 names every stream it refused.
 */
record HttpAnswer(int status, String retryAfter, String body) {
    static final int MAX_LOGGED_BODY_CHARS = 1024;

    HttpAnswer {
        body = body == null ? "" : body.strip();
    }

    boolean success() {
        return status >= 200 && status < 300;
    }

    /** The body cut to a length fit for one log line. */
    String bodyForLog() {
        return body.length() > MAX_LOGGED_BODY_CHARS ? body.substring(0, MAX_LOGGED_BODY_CHARS) + "…" : body;
    }
}
