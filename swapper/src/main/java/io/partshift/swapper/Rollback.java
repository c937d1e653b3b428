package io.partshift.swapper;

import io.partshift.config.Names;
import io.partshift.pipeline.ReverseSync;
import io.partshift.pipeline.lock.BoundedLock;
import io.partshift.pipeline.lock.LockHeld;
import io.partshift.pipeline.lock.LockMode;
import io.partshift.pipeline.state.Phase;
import io.partshift.swapper.swap.SwapStatements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * Reverses a cutover without losing anything written since: the reverse stream has kept the old table current, so
 * the same bounded-lock algorithm as the cutover applies, in the other direction. Under the lock on the partitioned
 * table the reverse applier drains the last changes into the old table, then one transaction renames the tables back
 * and moves the state to ROLLED_BACK. The partitioned table goes back to the shadow's name, where a later
 * {@code migrate} clears it before starting afresh.
 */
public final class Rollback {
    private static final Logger LOG = LoggerFactory.getLogger(Rollback.class);

    private final ReverseSync reverse;
    private final Names names;

    public Rollback(ReverseSync reverse) {
        this.reverse = Objects.requireNonNull(reverse, "reverse");
        this.names = reverse.spec().names();
    }

    /** Swaps back; on any failure before the commit nothing changed and the reverse stream runs again. */
    public SwapTimings run() throws Exception {
        // Outside any lock: the old table may be far behind (no process streamed for a while).
        reverse.awaitCaughtUp(Cutover.CATCH_UP_TIMEOUT);
        BoundedLock lock = new BoundedLock(io.partshift.pipeline.lock.LockSettings.of(reverse.spec().cutover()), reverse.pool());
        try (Connection c = reverse.connect()) {
            LockHeld held = lock.acquire(c, List.of(names.source()), LockMode.EXCLUSIVE);
            long locked = held.acquiredAtNanos();
            try {
                reverse.drainAndStopStream(Cutover.DRAIN_TIMEOUT);
                long drained = System.nanoTime();
                Cutover.upgrade(c, names.source(), lock.settings().lockTimeout(), reverse.pool());
                Cutover.execute(c, SwapStatements.backward(c, names));
                reverse.store().moveTo(c, Phase.ROLLED_BACK, null);
                reverse.store().recordRollback(c, (System.nanoTime() - locked) / 1_000_000);
                c.commit();
                long committed = System.nanoTime();
                SwapTimings timings = new SwapTimings(held.attempts(), held.waitedMillis(),
                        (drained - locked) / 1_000_000, (committed - drained) / 1_000_000,
                        (committed - locked) / 1_000_000, 0);
                // The swap back committed: what follows must not look like a failed rollback.
                try (Connection u = reverse.pool().getConnection()) {
                    reverse.store().recordRollback(u, timings.blockedMillis());
                    reverse.replication().drop(u);
                } catch (SQLException e) {
                    LOG.warn("rolled back {}, but dropping the reverse slot {} failed ({}): drop it by hand, it keeps"
                            + " WAL", names.source(), names.reverseSlot(), e.getMessage());
                }
                LOG.info("rolled back {}: the original table serves it again; writes were blocked {} ms (lock after {}"
                                + " attempt(s), drain {} ms, swap {} ms); the partitioned table is {} now",
                        names.source(), timings.blockedMillis(), timings.lockAttempts(), timings.drainMillis(),
                        timings.swapMillis(), names.shadow());
                try {
                    Cutover.finishForeignKeys(reverse.pool(), names);
                } catch (SQLException e) {
                    LOG.warn("rolled back {}, but validating its foreign keys failed: {} (see"
                            + " runbooks/troubleshooting.md)", names.source(), e.getMessage());
                }
                return timings;
            } catch (Exception e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                LOG.warn("rollback of {} failed before the swap committed, so the partitioned table still serves it: {}",
                        names.source(), e.getMessage());
                reverse.restartStream();
                throw e;
            }
        }
    }
}
