package io.partshift.pipeline.lock;

import io.partshift.config.TableRef;

import java.util.List;
import java.util.stream.Collectors;

/**
 * {@link BoundedLock} gave up: every attempt timed out. Nothing is locked any more. The message names the tables,
 * the attempts, the sessions that blocked the last one and what to do.
 */
public final class LockNotAcquiredException extends Exception {
    private final List<TableRef> tables;
    private final LockMode mode;
    private final int attempts;
    private final List<Blocker> blockers;

    LockNotAcquiredException(List<TableRef> tables, LockMode mode, LockSettings settings, long waitedMillis,
                             List<Blocker> blockers) {
        super(message(tables, mode, settings, waitedMillis, blockers));
        this.tables = List.copyOf(tables);
        this.mode = mode;
        this.attempts = settings.attempts();
        this.blockers = List.copyOf(blockers);
    }

    public List<TableRef> tables() {
        return tables;
    }

    public LockMode mode() {
        return mode;
    }

    public int attempts() {
        return attempts;
    }

    /** The sessions that blocked the last attempt; empty when they ended before partshift could see them. */
    public List<Blocker> blockers() {
        return blockers;
    }

    static String message(List<TableRef> tables, LockMode mode, LockSettings settings, long waitedMillis,
                          List<Blocker> blockers) {
        String what = tables.stream().map(TableRef::toString).collect(Collectors.joining(", "));
        String who = blockers.isEmpty()
                ? "the sessions that blocked the last attempt ended before partshift could see them"
                : "the last attempt was blocked by " + blockers.stream().map(Blocker::brief)
                .collect(Collectors.joining(" and "));
        String end = blockers.isEmpty() ? "" : "end " + (blockers.size() == 1 ? "that session" : "those sessions")
                + " (SELECT pg_terminate_backend(pid) with " + blockers.stream().map(b -> Integer.toString(b.pid()))
                .collect(Collectors.joining(", ")) + ")" + (settings.cancelBlockersAfter() > 0 ? " or " : ", ");
        String remedy = settings.cancelBlockersAfter() > 0
                ? end + "retry later (partshift cancelled the blockers after " + settings.cancelBlockersAfter()
                + " failed attempts, and the lock was still not granted)"
                : end + "retry later, or let partshift cancel blocking sessions with --cancel-blockers-after N"
                + " (smaller than --lock-retries)";
        return "could not lock " + what + " in " + mode.sql() + " mode in " + settings.attempts() + " attempts of at"
                + " most " + settings.lockTimeout().toMillis() + " ms each (" + waitedMillis + " ms in all): " + who
                + "; " + remedy + ".";
    }
}
