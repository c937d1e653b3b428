package io.partshift.partitioning.lifecycle;

import java.sql.SQLException;
import java.time.Duration;

/**
 * Runs one step again when its lock timed out (or it lost a deadlock), with a growing pause between attempts. A
 * short lock_timeout plus retries keeps the application's queries from queueing for long behind a lock request
 * that itself waits for some long transaction.
 */
final class LockRetry {
    /** One attempt of a step; it rolls back its own transaction before throwing. */
    @FunctionalInterface
    interface Attempt<T> {
        T run(int attempt) throws SQLException;
    }

    private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

    private final int attempts;
    private final Duration lockTimeout;

    LockRetry(int attempts, Duration lockTimeout) {
        this.attempts = attempts;
        this.lockTimeout = lockTimeout;
    }

    /** @param what the step, for the message when every attempt timed out */
    <T> T run(String what, Attempt<T> attempt) throws SQLException {
        for (int n = 1; ; n++) {
            try {
                return attempt.run(n);
            } catch (SQLException e) {
                if (!isLockFailure(e)) {
                    throw e;
                }
                if (n >= attempts) {
                    throw new SQLException(what + " could not get its locks in " + attempts + " attempt"
                            + (attempts == 1 ? "" : "s") + " of " + lockTimeout.toMillis() + " ms each, so it changed"
                            + " nothing: a long transaction holds a lock on the table (see pg_locks and"
                            + " pg_stat_activity); run maintain again later, or raise --maintain-lock-timeout or"
                            + " --maintain-lock-retries", e.getSQLState(), e);
                }
                pause(n);
            }
        }
    }

    static boolean isLockFailure(SQLException e) {
        return "55P03".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
    }

    private static void pause(int attempt) throws SQLException {
        long millis = Math.min(MAX_PAUSE.toMillis(), 100L << Math.min(attempt - 1, 10));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to retry a maintenance step", e);
        }
    }
}
