package dev.ferry.agent.logging;

/** The layout of Ferry's own log lines: logfmt ({@code key=value …}) or one JSON object per line. */
enum LogFormat {
    LOGFMT,
    JSON
}
