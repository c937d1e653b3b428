package io.partshift.swapper;

import io.partshift.config.Names;
import io.partshift.pipeline.Migration;
import io.partshift.pipeline.lock.BoundedLock;
import io.partshift.pipeline.lock.LockHeld;
import io.partshift.pipeline.lock.LockMode;
import io.partshift.pipeline.state.Phase;
import io.partshift.pipeline.stream.ReplicationSetup;
import io.partshift.pipeline.stream.StreamRoute;
import io.partshift.swapper.swap.ExtraLock;
import io.partshift.swapper.swap.SwapScript;
import io.partshift.swapper.swap.SwapStatements;
import io.partshift.swapper.swap.SwapStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The swap, on a converged and verified migration whose change stream is running:
 * <ol>
 *   <li>outside any lock: ANALYZE the shadow (the planner needs statistics the moment it serves queries) and set up
 *       the reverse stream (publication on the shadow via its root, second slot), which must exist before the swap
 *       so that no change to the new table after it is missed;</li>
 *   <li>take ACCESS EXCLUSIVE on the source with a bounded wait and retries ({@link BoundedLock}): writers queue
 *       behind the lock for at most one lock timeout per attempt;</li>
 *   <li>under the lock: prove the applier has applied everything committed before it (marker), stop the stream, run
 *       the swap statements, note the WAL position, move the state to CUT_OVER, commit. One transaction: a failure
 *       anywhere rolls it all back and the source stays in place, writable, the stream running again;</li>
 *   <li>after the commit: move the reverse slot past the swap (so the forward applier's own writes to the shadow are
 *       not streamed back), drop the forward slot and publication, and run the statements that must not hold the
 *       lock (foreign key validation).</li>
 * </ol>
 */
public final class Cutover {
    private static final Logger LOG = LoggerFactory.getLogger(Cutover.class);
    /** Under the lock the stream has at most the changes of the last moments to deliver; more means it is stuck. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    /** Catching up before the lock: as long as a backlog takes, within reason. */
    static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(30);

    private final Migration migration;
    private final Names names;

    public Cutover(Migration migration) {
        this.migration = Objects.requireNonNull(migration, "migration");
        this.names = migration.spec().names();
    }

    /**
     * Swaps the shadow in.
     *
     * @return how long writers were blocked, and the steps' timings
     * @throws io.partshift.pipeline.lock.LockNotAcquiredException when the lock could not be taken (nothing changed)
     * @throws Exception any other failure; nothing changed and the stream runs again
     */
    public SwapTimings run() throws Exception {
        migration.showPhase(Phase.CUTTING_OVER);
        SwapTimings timings;
        try {
            prepareOutsideLock();
            timings = swap();
        } catch (Exception e) {
            migration.showPhase(Phase.CONVERGED);
            dropReverseQuietly(e);
            throw e;
        }
        try {
            afterSwap(timings);
        } catch (Exception e) {
            // The swap committed: the partitioned table serves the application whatever happens here.
            LOG.warn("cut over {}, but finishing after the swap failed: {} (see runbooks/troubleshooting.md,"
                    + " 'after a crash during cutover')", names.source(), e.getMessage());
        }
        return timings;
    }

    /** A reverse slot left by a cutover that did not happen would keep WAL while the migration waits. */
    private void dropReverseQuietly(Exception cause) {
        try (Connection c = migration.pool().getConnection()) {
            new ReplicationSetup(StreamRoute.reverseObjects(names)).drop(c);
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private void prepareOutsideLock() throws Exception {
        // Work off the backlog (e.g. what arrived while verification held the applier) before any lock, so the
        // drain under the lock only has the last moments to apply.
        migration.awaitCaughtUp(CATCH_UP_TIMEOUT);
        try (Connection c = migration.pool().getConnection()) {
            // Refuses (SwapRefusedException) before anything is locked when the swap could not carry something over.
            SwapStatements.forward(c, names);
        }
        long t = System.nanoTime();
        try (Connection c = migration.pool().getConnection(); Statement s = c.createStatement()) {
            s.execute("ANALYZE " + names.shadow().sql());
        }
        LOG.info("analyzed {} in {} ms, so the planner has statistics when it serves queries", names.shadow(),
                millisSince(t));
        ReplicationSetup reverse = reverseSetup();
        try (Connection c = migration.pool().getConnection()) {
            if (!reverse.exists(c)) {
                reverse.create(c, names.shadow());
                LOG.info("created the reverse stream's publication {} and slot {} on {}", names.reversePublication(),
                        names.reverseSlot(), names.shadow());
            }
        }
    }

    /** Attempts the swap; an upgrade that timed out (a reader) is retried like a lock that was not granted. */
    private SwapTimings swap() throws Exception {
        BoundedLock lock = new BoundedLock(io.partshift.pipeline.lock.LockSettings.of(migration.spec().cutover()),
                migration.pool());
        for (int attempt = 1; ; attempt++) {
            try {
                return swapOnce(lock);
            } catch (UpgradeTimeout e) {
                if (attempt >= lock.settings().attempts()) {
                    throw e;
                }
                LOG.warn("{}; attempt {} of {} again in {} ms", e.getMessage(), attempt, lock.settings().attempts(),
                        lock.settings().lockTimeout().toMillis() * attempt);
                Thread.sleep(lock.settings().lockTimeout().toMillis() * attempt);
            }
        }
    }

    private SwapTimings swapOnce(BoundedLock lock) throws Exception {
        try (Connection c = migration.connect()) {
            LockHeld held = lock.acquire(c, List.of(names.source()), LockMode.EXCLUSIVE);
            long locked = held.acquiredAtNanos();
            try {
                migration.drainAndStopStream(DRAIN_TIMEOUT);
                long drained = System.nanoTime();
                upgrade(c, names.source(), lock.settings().lockTimeout(), migration.pool());
                SwapScript script = SwapStatements.forward(c, names);
                execute(c, script);
                long swapLsn = ReplicationSetup.currentWalLsn(c);
                migration.store().moveTo(c, Phase.CUT_OVER, null);
                migration.store().recordCutover(c, millisSince(locked));
                c.commit();
                long committed = System.nanoTime();
                SwapTimings timings = new SwapTimings(held.attempts(), held.waitedMillis(),
                        (drained - locked) / 1_000_000, (committed - drained) / 1_000_000,
                        (committed - locked) / 1_000_000, swapLsn);
                migration.showPhase(Phase.CUT_OVER);
                try (Connection u = migration.pool().getConnection()) {
                    migration.store().recordCutover(u, timings.blockedMillis());
                } catch (SQLException e) {
                    // The swap committed with an upper bound of this number already recorded; keep going.
                    LOG.warn("could not record the measured cutover time of {}: {}", names.source(), e.getMessage());
                }
                return timings;
            } catch (Exception e) {
                rollbackQuietly(c, e);
                LOG.warn("cutover of {} failed before the swap committed, so {} is unchanged and writable: {}",
                        names.source(), names.source(), e.getMessage());
                migration.restartStream();
                throw e;
            }
        }
    }

    private void afterSwap(SwapTimings timings) throws SQLException {
        try (Connection c = migration.pool().getConnection()) {
            reverseSetup().advanceSlot(c, timings.swapLsn());
            new ReplicationSetup(names).drop(c);
        }
        LOG.info("cut over {}: writes were blocked {} ms (lock after {} attempt(s), drain {} ms, swap {} ms);"
                        + " {} is kept current for rollback until 'partshift finalize'", names.source(),
                timings.blockedMillis(), timings.lockAttempts(), timings.drainMillis(), timings.swapMillis(),
                names.old());
        finishForeignKeys(migration.pool(), names);
    }

    private ReplicationSetup reverseSetup() throws SQLException {
        return new ReplicationSetup(StreamRoute.reverse(names, migration.source().primaryKey().orElseThrow().columns()));
    }

    /**
     * Writers have been kept out (EXCLUSIVE) while the applier drained, since it may still have to read the table;
     * the renames need ACCESS EXCLUSIVE, which now waits only for readers, bounded by the same lock timeout. A reader
     * that does not finish in time fails this attempt, the transaction rolls back and nothing changed.
     */
    static void upgrade(Connection c, io.partshift.config.TableRef table, Duration timeout,
                        javax.sql.DataSource monitor) throws SQLException {
        int ownPid;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            ownPid = rs.getInt(1);
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL lock_timeout = " + Math.max(1, timeout.toMillis()));
            s.execute("LOCK TABLE " + table.sql() + " IN ACCESS EXCLUSIVE MODE");
        } catch (SQLException e) {
            if (!"55P03".equals(e.getSQLState())) {
                throw e;
            }
            List<String> readers = new java.util.ArrayList<>();
            for (io.partshift.pipeline.lock.Blocker b : BoundedLock.holders(monitor, List.of(table),
                    LockMode.ACCESS_EXCLUSIVE, ownPid)) {
                readers.add(b.brief());
            }
            throw new UpgradeTimeout("a query reading " + table + " (" + (readers.isEmpty() ? "already gone"
                    : "blocked by " + String.join(", ", readers)) + ") did not end within " + timeout.toMillis()
                    + " ms after the changes were drained, so the swap could not take ACCESS EXCLUSIVE; nothing"
                    + " changed: end that session or try again when it is done", e);
        }
    }

    /** The upgrade to ACCESS EXCLUSIVE timed out: another attempt may succeed once the reader is gone. */
    static final class UpgradeTimeout extends SQLException {
        UpgradeTimeout(String message, SQLException cause) {
            super(message, cause.getSQLState(), cause);
        }
    }

    /**
     * After a swap (either way): validates the foreign keys the swap added NOT VALID, partition by partition, and
     * attaches them to the parent; each step in its own transaction, with locks that do not block writers.
     */
    static void finishForeignKeys(javax.sql.DataSource pool, Names names) throws SQLException {
        long t = System.nanoTime();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            List<SwapStep> after = SwapStatements.afterSwap(c, names);
            for (SwapStep step : after) {
                s.execute(step.sql());
            }
            if (!after.isEmpty()) {
                LOG.info("validated the foreign keys of {} in {} ms without blocking writers", names.source(),
                        millisSince(t));
            }
        }
    }

    /**
     * Runs a swap script inside the locked transaction: first the extra locks (views read through, tables the foreign
     * keys reference), then every step, logged with its purpose at debug level.
     */
    static void execute(Connection c, SwapScript script) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (ExtraLock lock : script.extraLocks()) {
                s.execute(lock.lockStatement());
            }
            for (SwapStep step : script.steps()) {
                LOG.debug("swap: {}", step);
                s.execute(step.sql());
            }
        }
        script.notes().forEach(note -> LOG.info("{}", note));
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
