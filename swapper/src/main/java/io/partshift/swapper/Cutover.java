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
        try {
            prepareOutsideLock();
            SwapTimings timings = swap();
            afterSwap(timings);
            return timings;
        } catch (Exception e) {
            migration.showPhase(Phase.CONVERGED);
            throw e;
        }
    }

    private void prepareOutsideLock() throws SQLException {
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

    private SwapTimings swap() throws Exception {
        BoundedLock lock = new BoundedLock(io.partshift.pipeline.lock.LockSettings.of(migration.spec().cutover()), migration.pool());
        try (Connection c = migration.connect()) {
            LockHeld held = lock.acquire(c, List.of(names.source()), LockMode.ACCESS_EXCLUSIVE);
            long locked = held.acquiredAtNanos();
            try {
                migration.drainAndStopStream(DRAIN_TIMEOUT);
                long drained = System.nanoTime();
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
                try (Connection u = migration.pool().getConnection()) {
                    migration.store().recordCutover(u, timings.blockedMillis());
                }
                migration.showPhase(Phase.CUT_OVER);
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
