package dev.ferry.loki;

import java.util.Locale;

/**
 * Why entries were not accepted, as a small fixed set fit for a metric tag. Loki's 400 answers
 * are sorted by the words of its validation messages.
 */
enum RejectReason {
    LINE_TOO_LONG("line_too_long"),
    TOO_OLD("too_old"),
    TOO_NEW("too_new"),
    OUT_OF_ORDER("out_of_order"),
    INVALID_LABELS("invalid_labels"),
    MISSING_LABELS("missing_labels"),
    INVALID_TENANT("invalid_tenant"),
    STRUCTURED_METADATA("structured_metadata"),
    RATE_LIMITED("rate_limited"),
    STREAM_LIMIT("stream_limit"),
    UNAUTHORIZED("unauthorized"),
    NOT_FOUND("not_found"),
    TOO_LARGE("request_too_large"),
    OTHER("other");

    final String tag;

    RejectReason(String tag) {
        this.tag = tag;
    }

    static RejectReason classify(int status, String body) {
        if (status == 401 || status == 403) {
            return UNAUTHORIZED;
        }
        if (status == 404) {
            return NOT_FOUND;
        }
        if (status == 413) {
            return TOO_LARGE;
        }
        if (status == 429) {
            return RATE_LIMITED;
        }
        String m = body == null ? "" : body.toLowerCase(Locale.ROOT);
        if (m.contains("line too long")
                || m.contains("line_too_long")
                || m.contains("max line size")
                || m.contains("max entry size")) {
            return LINE_TOO_LONG;
        }
        if (m.contains("out of order") || m.contains("too far behind") || m.contains("out_of_order")) {
            return OUT_OF_ORDER;
        }
        if (m.contains("too old") || m.contains("greater_than_max_sample_age") || m.contains("reject_old_samples")) {
            return TOO_OLD;
        }
        if (m.contains("too new") || m.contains("too far in the future") || m.contains("too_far_in_future")) {
            return TOO_NEW;
        }
        if (m.contains("structured metadata") || m.contains("structured_metadata")) {
            return STRUCTURED_METADATA;
        }
        if (m.contains("at least one label") || m.contains("missing_labels") || m.contains("no labels")) {
            return MISSING_LABELS;
        }
        if (m.contains("label") && (m.contains("invalid") || m.contains("error parsing") || m.contains("duplicate"))) {
            return INVALID_LABELS;
        }
        if (m.contains("stream limit") || m.contains("streams limit") || m.contains("stream_limit")) {
            return STREAM_LIMIT;
        }
        if (m.contains("rate limit") || m.contains("rate_limited") || m.contains("ingestion rate")) {
            return RATE_LIMITED;
        }
        return OTHER;
    }
}
