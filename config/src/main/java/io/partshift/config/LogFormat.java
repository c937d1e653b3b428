package io.partshift.config;

/** How lag and progress lines are written. */
public enum LogFormat {
    LOGFMT, JSON
}
