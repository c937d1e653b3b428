package io.partshift.pipeline.lock;

import io.github.resilience4j.core.IntervalFunction;
import io.partshift.config.TableRef;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Takes a table lock without ever making the application's writers wait longer than {@code lock_timeout} at a time.
 * Each attempt is a transaction of its own: {@code SET LOCAL lock_timeout}, then {@code LOCK TABLE}. An attempt that
 * times out (SQLSTATE 55P03) rolls back, which lets the writers queued behind it through, logs who blocked it (see
 * {@link BlockerWatch} for how they are found), backs off exponentially with jitter and tries again. After
 * {@link LockSettings#cancelBlockersAfter()} failures it ends the blockers before each further attempt.
 *
 * <p>The lock_timeout stays set for the rest of the caller's transaction, so any further lock it takes in that
 * transaction (a rename at cutover, say) is bounded the same way.
 *
 * <p>lock_timeout bounds each lock wait, and {@code LOCK TABLE a, b} waits once per table while holding the tables
 * before: writers of {@code a} could then queue for up to twice the timeout. With more than one table the attempt's
 * statement_timeout is the lock timeout too, so one attempt as a whole never takes longer; the caller's own
 * statement_timeout comes back once the lock is held.
 */
public final class BoundedLock {
    private static final Logger log = LoggerFactory.getLogger(BoundedLock.class);
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String QUERY_CANCELED = "57014";
    /** The longest pause between attempts, however many have failed. */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final LockSettings settings;
    private final DataSource monitor;
    private final IntervalFunction backoff;

    /**
     * @param monitor where the watcher and the canceller get their one connection per {@link #acquire}, in the same
     *                database as the locked tables (a pool of the source, say)
     */
    public BoundedLock(LockSettings settings, DataSource monitor) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        long first = settings.firstBackoff().toMillis();
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(first, 2.0, 0.5,
                Math.max(first, MAX_BACKOFF.toMillis()));
    }

    public LockSettings settings() {
        return settings;
    }

    /**
     * Locks {@code tables} in {@code mode} on {@code c}, in a transaction the caller ends: the lock is held until the
     * caller commits or rolls back {@code c}. Turns autocommit off on {@code c}.
     *
     * @param c a connection outside any transaction: a failed attempt rolls back, which would discard earlier work
     * @throws LockNotAcquiredException when every attempt timed out; nothing is locked then
     * @throws InterruptedException     when the thread was interrupted; {@code c} is rolled back
     * @throws SQLException             on any other failure (a missing table, a lost connection), after rolling back
     */
    public LockHeld acquire(Connection c, List<TableRef> tables, LockMode mode)
            throws SQLException, LockNotAcquiredException, InterruptedException {
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("no table to lock");
        }
        Objects.requireNonNull(mode, "mode");
        requireNoTransaction(c);
        c.setAutoCommit(false);
        String what = tables.stream().map(TableRef::toString).collect(Collectors.joining(", ")) + " in " + mode.sql()
                + " mode";
        String lockSql = "LOCK TABLE " + tables.stream().map(TableRef::sql).collect(Collectors.joining(", ")) + " IN "
                + mode.sql() + " MODE";
        int ownPid = c.unwrap(PGConnection.class).getBackendPID();
        long start = System.nanoTime();
        try (Connection watcher = monitor.getConnection()) {
            watcher.setAutoCommit(true);
            BlockerWatch watch = new BlockerWatch(watcher, ownPid, pollMillis());
            List<Blocker> blockers = List.of();
            for (int attempt = 1; ; attempt++) {
                if (attempt > 1 && settings.cancelAfter(attempt - 1)) {
                    cancel(watcher, what, blockers, attempt - 1);
                }
                Attempt started = null;
                try {
                    started = startAttempt(c, tables.size() > 1);
                    watch.start();
                    try (Statement s = c.createStatement()) {
                        s.execute(lockSql);
                    }
                    long acquiredAt = System.nanoTime();
                    watch.stop();
                    started.restoreStatementTimeout(c);
                    if (Thread.interrupted()) {
                        rollback(c);
                        throw new InterruptedException("interrupted while locking " + what + "; rolled back");
                    }
                    long waited = (acquiredAt - start) / 1_000_000;
                    if (attempt > 1) {
                        log.info("locked {} on attempt {} of {} after {} ms", what, attempt, settings.attempts(), waited);
                    } else {
                        log.debug("locked {} at once", what);
                    }
                    return new LockHeld(attempt, waited, acquiredAt);
                } catch (SQLException e) {
                    List<Blocker> seen = watch.stop();
                    rollback(c);
                    if (started == null || !timedOut(e, started)) {
                        throw new SQLException("could not lock " + what + ": " + e.getMessage(), e.getSQLState(), e);
                    }
                    blockers = seen.isEmpty() ? lookUpHolders(watcher, tables, mode, ownPid, started.at()) : seen;
                }
                long waited = (System.nanoTime() - start) / 1_000_000;
                if (attempt >= settings.attempts()) {
                    log.error("giving up locking {} after {} attempts of at most {} ms each ({} ms in all); the last"
                                    + " attempt was blocked by {}", what, attempt, settings.lockTimeout().toMillis(),
                            waited, describe(blockers));
                    throw new LockNotAcquiredException(tables, mode, settings, waited, blockers);
                }
                long pause = backoff.apply(attempt);
                log.warn("lock {} not granted within {} ms on attempt {} of {} (writers queued behind it were held up"
                                + " that long and now go on); blocked by {}; next attempt in {} ms{}", what,
                        settings.lockTimeout().toMillis(), attempt, settings.attempts(), describe(blockers), pause,
                        settings.cancelAfter(attempt) ? ", after ending those sessions (--cancel-blockers-after "
                                + settings.cancelBlockersAfter() + ")" : "");
                Thread.sleep(pause);
            }
        } catch (InterruptedException | SQLException | LockNotAcquiredException | RuntimeException e) {
            rollbackQuietly(c, e);
            throw e;
        }
    }

    /** Polls often enough to see blockers within one lock timeout, without hammering the lock manager. */
    private long pollMillis() {
        return Math.max(2, Math.min(100, settings.lockTimeout().toMillis() / 5));
    }

    /**
     * An attempt's transaction: when it began (the server's clock), and the caller's statement_timeout when the
     * attempt replaced it.
     */
    private record Attempt(OffsetDateTime at, String callersStatementTimeout) {
        void restoreStatementTimeout(Connection c) throws SQLException {
            if (callersStatementTimeout != null) {
                try (PreparedStatement ps = c.prepareStatement("SELECT set_config('statement_timeout', ?, true)")) {
                    ps.setString(1, callersStatementTimeout);
                    ps.executeQuery().close();
                }
            }
        }
    }

    /** Begins an attempt: sets its lock_timeout, and its statement_timeout when it locks more than one table. */
    private Attempt startAttempt(Connection c, boolean boundWholeStatement) throws SQLException {
        String timeout = settings.lockTimeout().toMillis() + "ms";
        try (PreparedStatement ps = c.prepareStatement("SELECT now(), current_setting('statement_timeout'),"
                + " set_config('lock_timeout', ?, true)"
                + (boundWholeStatement ? ", set_config('statement_timeout', ?, true)" : ""))) {
            ps.setString(1, timeout);
            if (boundWholeStatement) {
                ps.setString(2, timeout);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Attempt(rs.getObject(1, OffsetDateTime.class), boundWholeStatement ? rs.getString(2) : null);
            }
        }
    }

    /** The lock was not granted in time: lock_timeout, or the attempt's own statement_timeout (not a cancel). */
    private static boolean timedOut(SQLException e, Attempt attempt) {
        return LOCK_NOT_AVAILABLE.equals(e.getSQLState()) || attempt.callersStatementTimeout() != null
                && QUERY_CANCELED.equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("statement timeout");
    }

    private static List<Blocker> lookUpHolders(Connection watcher, List<TableRef> tables, LockMode mode, int ownPid,
                                               OffsetDateTime attemptStart) {
        try {
            return BlockerQueries.holders(watcher, tables, mode, ownPid, attemptStart);
        } catch (SQLException e) {
            log.warn("could not look up who holds {}: {}", tables, e.getMessage());
            return List.of();
        }
    }

    private void cancel(Connection watcher, String what, List<Blocker> blockers, int failed) {
        if (blockers.isEmpty()) {
            log.warn("no blocking session is known to end after {} to lock {}; trying again", attempts(failed), what);
        }
        for (Blocker b : blockers) {
            String action = b.idleInTransaction() ? "terminating" : "cancelling the statement of";
            try {
                String outcome = BlockerQueries.end(watcher, b, Math.max(1000, settings.lockTimeout().toMillis()));
                log.warn("ending a blocker of the lock on {} after {} (--cancel-blockers-after {}): {} {}: {}", what,
                        attempts(failed), settings.cancelBlockersAfter(), action, b.describe(), outcome);
            } catch (SQLException e) {
                log.error("could not end a blocker of the lock on {} after {}: {} pid {} failed: {} (partshift's"
                                + " user needs to be that session's user, a superuser, or a member of pg_signal_backend)",
                        what, attempts(failed), action, b.pid(), e.getMessage());
            }
        }
    }

    private static String attempts(int failed) {
        return failed + (failed == 1 ? " failed attempt" : " failed attempts");
    }

    private static String describe(List<Blocker> blockers) {
        return blockers.isEmpty() ? "sessions that ended before partshift could see them"
                : blockers.stream().map(Blocker::describe).collect(Collectors.joining("; "));
    }

    private static void requireNoTransaction(Connection c) throws SQLException {
        if (c.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE) {
            throw new IllegalArgumentException("the lock needs a connection outside any transaction: each failed"
                    + " attempt rolls back, which would discard the work already done in it; commit or roll back"
                    + " first");
        }
    }

    private static void rollback(Connection c) throws SQLException {
        c.rollback();
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            if (!c.isClosed() && !c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * The sessions holding locks on {@code tables} that conflict with {@code mode}, other than {@code ownPid}: who to
     * name when a lock taken outside {@link #acquire} (an upgrade inside the caller's transaction) timed out.
     */
    public static List<Blocker> holders(DataSource monitor, List<TableRef> tables, LockMode mode, int ownPid)
            throws SQLException {
        try (Connection c = monitor.getConnection()) {
            return BlockerQueries.holders(c, tables, mode, ownPid, java.time.OffsetDateTime.now().plusDays(1));
        }
    }
}
