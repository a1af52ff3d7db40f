package dev.ferry.loki;

/** What an HTTP endpoint answered: status, the Retry-After header if any, and the body (cut short). */
record HttpAnswer(int status, String retryAfter, String body) {
    static final int MAX_BODY_CHARS = 1024;

    HttpAnswer {
        if (body != null && body.length() > MAX_BODY_CHARS) {
            body = body.substring(0, MAX_BODY_CHARS) + "…";
        }
        body = body == null ? "" : body.strip();
    }

    boolean success() {
        return status >= 200 && status < 300;
    }
}
