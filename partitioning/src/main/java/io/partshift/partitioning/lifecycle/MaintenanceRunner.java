package io.partshift.partitioning.lifecycle;

import io.partshift.config.LifecycleSpec;
import io.partshift.config.TableRef;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Carries out a {@link MaintenancePlan}: the only class of the lifecycle that changes the database. Each step is
 * its own transaction (a DETACH ... CONCURRENTLY its own statements), retried when its lock times out, and reported
 * with how long it blocked writers.
 *
 * <h2>Why a new partition loses no row while the application writes</h2>
 * PostgreSQL 15 refuses to attach a partition whose bound matches rows in DEFAULT, so those rows move first. The
 * move, the ATTACH and the new DEFAULT constraint commit together in one transaction, so every reader sees the rows
 * either in DEFAULT (before) or in the new partition (after), never in both or neither. The two locks close the gaps:
 * <ul>
 * <li>EXCLUSIVE on the parent, taken before the move's snapshot, makes every INSERT, UPDATE and DELETE through the
 *     parent wait before it routes a row or takes its snapshot; when they go on after commit, they see the new
 *     partition, route new rows of its bound there and find moved rows where they now are. Without it, an INSERT
 *     routed to DEFAULT by the old partition list would wait for DEFAULT's lock and then fail its re-checked
 *     partition constraint (measured: "new row for relation ..._default violates partition constraint"), and an
 *     UPDATE of a moved row would find it deleted and update nothing.</li>
 * <li>ACCESS EXCLUSIVE on DEFAULT covers sessions that write to DEFAULT directly, and is what ATTACH takes anyway to
 *     scan it.</li>
 * </ul>
 * The move's DELETE runs after both locks are held, so it sees every row committed before, and no other row can
 * enter DEFAULT until commit. Readers of other partitions are not blocked (EXCLUSIVE allows ACCESS SHARE); queries
 * that scan DEFAULT wait. Writers wait from the lock request to the commit: that time is measured and reported. It
 * grows with DEFAULT's size, which ATTACH must scan, which is why rows should not pile up there.
 */
final class MaintenanceRunner {
    private final Connection c;
    private final LifecycleSpec lifecycle;
    private final String checkName;
    private final LockRetry retry;

    /** @param checkName the name of the CHECK that spares ATTACH its scan (see {@code Names#attachCheck}) */
    MaintenanceRunner(Connection c, LifecycleSpec lifecycle, String checkName) {
        this.c = c;
        this.lifecycle = lifecycle;
        this.checkName = checkName;
        this.retry = new LockRetry(lifecycle.lockRetries(), lifecycle.lockTimeout());
    }

    /** Runs every step in order; {@code progress} hears about each one as it finishes. */
    List<StepOutcome> run(MaintenancePlan plan, Consumer<StepOutcome> progress) throws SQLException {
        List<StepOutcome> outcomes = new ArrayList<>();
        for (MaintenanceStep step : plan.steps()) {
            StepOutcome outcome = step instanceof MaintenanceStep.Create create ? create(create, plan.columns())
                    : expire((MaintenanceStep.Expire) step);
            outcomes.add(outcome);
            progress.accept(outcome);
        }
        return outcomes;
    }

    private StepOutcome create(MaintenanceStep.Create step, List<String> columns) throws SQLException {
        return retry.run("creating " + step.partition(), attempt -> inTransaction(st -> {
            for (String sql : MaintenanceSql.settings(lifecycle.lockTimeout(), step.replicaRole())) {
                st.execute(sql);
            }
            for (String sql : MaintenanceSql.prepare(step, checkName)) {
                st.execute(sql);
            }
            List<String> locks = MaintenanceSql.locks(step);
            long asked = System.nanoTime();
            long locked = asked;
            if (!locks.isEmpty()) {
                st.execute(locks.get(0)); // from here writers through the parent wait
                locked = System.nanoTime();
                for (String sql : locks.subList(1, locks.size())) {
                    st.execute(sql);
                }
            }
            Optional<String> move = MaintenanceSql.move(step, columns);
            long moved = move.isPresent() ? st.executeUpdate(move.get()) : 0;
            for (String sql : MaintenanceSql.attach(step, checkName)) {
                st.execute(sql);
            }
            c.commit();
            long committed = System.nanoTime();
            Duration wait = Duration.ofNanos(locked - asked);
            Duration blocked = step.defaultPartition().isPresent() ? Duration.ofNanos(committed - asked) : Duration.ZERO;
            return new StepOutcome(step, moved, step.defaultPartition().isPresent() ? wait : Duration.ZERO, blocked,
                    attempt, createSummary(step, moved, wait, blocked, attempt));
        }));
    }

    private String createSummary(MaintenanceStep.Create step, long moved, Duration wait, Duration blocked,
                                 int attempt) {
        String what = "created " + step.partition() + " " + step.clause()
                + (step.subPartitions().isEmpty() ? "" : " with " + step.subPartitions().size() + " partitions");
        String tries = attempt > 1 ? " (attempt " + attempt + ")" : "";
        if (step.defaultPartition().isEmpty()) {
            return what + tries + "; " + step.parent() + " has no DEFAULT partition, so writers were not blocked"
                    + " (ATTACH PARTITION takes SHARE UPDATE EXCLUSIVE)";
        }
        return what + tries + ", moving " + moved + " row" + NewPartitions.plural(moved) + " out of "
                + step.defaultPartition().get() + (step.replicaRole() ? " in replica mode" : "") + "; writers were"
                + " blocked " + blocked.toMillis() + " ms (" + wait.toMillis() + " ms waiting for the lock, "
                + blocked.minus(wait).toMillis() + " ms holding it)";
    }

    private StepOutcome expire(MaintenanceStep.Expire step) throws SQLException {
        if (step.mode() == MaintenanceStep.DetachMode.PLAIN) {
            // One transaction: the plain DETACH holds ACCESS EXCLUSIVE on the parent until commit, so the drop or
            // the move to the archive costs readers and writers nothing more than a few catalog updates.
            return retry.run("expiring " + step.partition(), attempt -> inTransaction(st -> {
                for (String sql : MaintenanceSql.settings(lifecycle.lockTimeout(), false)) {
                    st.execute(sql);
                }
                long asked = System.nanoTime();
                st.execute(MaintenanceSql.detach(step, MaintenanceStep.DetachMode.PLAIN));
                for (String sql : MaintenanceSql.dispose(step)) {
                    st.execute(sql);
                }
                c.commit();
                Duration blocked = Duration.ofNanos(System.nanoTime() - asked);
                return new StepOutcome(step, 0, Duration.ZERO, blocked, attempt, expireSummary(step, blocked, attempt));
            }));
        }
        int attempts = retry.run("detaching " + step.partition(), attempt -> {
            MaintenanceStep.DetachMode mode = step.mode();
            if (attempt > 1) {
                // A concurrent detach whose second phase timed out stays pending: FINALIZE finishes it.
                Optional<Boolean> pending = pending(step.partition());
                if (pending.isEmpty()) {
                    return attempt;
                }
                if (pending.get()) {
                    mode = MaintenanceStep.DetachMode.FINALIZE;
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute(MaintenanceSql.sessionLockTimeout(lifecycle.lockTimeout()));
                try {
                    st.execute(MaintenanceSql.detach(step, mode));
                } finally {
                    st.execute("RESET lock_timeout");
                }
            }
            return attempt;
        });
        try {
            retry.run("disposing of " + step.partition(), attempt -> inTransaction(st -> {
                for (String sql : MaintenanceSql.settings(lifecycle.lockTimeout(), false)) {
                    st.execute(sql);
                }
                for (String sql : MaintenanceSql.dispose(step)) {
                    st.execute(sql);
                }
                c.commit();
                return null;
            }));
        } catch (SQLException e) {
            throw new SQLException(step.partition() + " was detached from " + step.parent() + " but could not be "
                    + (step.archiveSchema().isPresent() ? "moved to schema " + step.archiveSchema().get() : "dropped")
                    + ", so it is now a table of its own: " + e.getMessage(), e.getSQLState(), e);
        }
        return new StepOutcome(step, 0, Duration.ZERO, Duration.ZERO, attempts,
                expireSummary(step, Duration.ZERO, attempts));
    }

    private static String expireSummary(MaintenanceStep.Expire step, Duration blocked, int attempt) {
        String how = switch (step.mode()) {
            case CONCURRENTLY -> "detached CONCURRENTLY (" + step.parent() + " has no DEFAULT partition), which"
                    + " blocked no queries";
            case FINALIZE -> "finished its interrupted concurrent detach with DETACH PARTITION ... FINALIZE";
            case PLAIN -> "detached with a plain DETACH PARTITION, because PostgreSQL refuses CONCURRENTLY while "
                    + step.parent() + " has a DEFAULT partition; readers and writers were blocked " + blocked.toMillis()
                    + " ms";
        };
        return "expired " + step.partition() + ": " + how + (attempt > 1 ? " (attempt " + attempt + ")" : "")
                + ", then " + step.archiveSchema().map(s -> "moved it to schema " + s).orElse("dropped it");
    }

    /** Whether the partition still waits for a concurrent detach to finish; empty once it is detached. */
    private Optional<Boolean> pending(TableRef partition) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT i.inhdetachpending FROM pg_inherits i"
                + " JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, partition.schema());
            ps.setString(2, partition.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBoolean(1)) : Optional.empty();
            }
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Statement st) throws SQLException;
    }

    /** Runs {@code work} in a transaction it commits itself; anything that escapes rolls it back. */
    private <T> T inTransaction(Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            return work.run(st);
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
