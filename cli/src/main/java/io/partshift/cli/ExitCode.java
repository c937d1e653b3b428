package io.partshift.cli;

/** The exit codes every command uses. */
final class ExitCode {
    /** The command did what it was asked. */
    static final int OK = 0;
    /** Something failed while running (a lost connection, a check that found a problem, a server error). */
    static final int FAILURE = 1;
    /** The input cannot work; nothing in the database was changed. */
    static final int BAD_INPUT = 2;

    private ExitCode() {
    }
}
