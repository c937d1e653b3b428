package io.partshift.partitioning.lifecycle;

import io.partshift.config.MaintenanceSpec;
import io.partshift.config.TableRef;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code partshift maintain}: reads the table's real partition tree, plans against the spec at the clock's "now",
 * and runs the plan (or renders it, for a dry run). Idempotent: a second run at the same "now" finds nothing to do.
 * Two runs on one table at once would plan the same partitions, so a run holds an advisory lock for the table and a
 * second one stops without changing anything.
 */
public final class Maintainer {
    private final Connection connection;
    private final Clock clock;

    /**
     * @param connection in autocommit mode: every step owns its transaction
     * @param clock      "now" for every time decision (the {@code --now} of dry runs and of tests)
     */
    public Maintainer(Connection connection, Clock clock) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Plans and, unless {@code dryRun}, runs the plan.
     *
     * @param progress hears about each step as it finishes
     * @throws io.partshift.config.BadInputException before anything changed, when the spec does not fit the table
     *                                               or the plan cannot work
     * @throws SQLException                          when a step fails; earlier steps stay done, that one rolled back
     */
    public MaintenanceResult maintain(MaintenanceSpec spec, boolean dryRun, Consumer<StepOutcome> progress)
            throws SQLException {
        Instant now = clock.instant();
        if (dryRun) {
            MaintenancePlan plan = plan(spec, now);
            return new MaintenanceResult(plan, true, List.of(),
                    Optional.of(MaintenanceScript.render(plan, spec.lifecycle(), spec.names().attachCheck(), now)));
        }
        try (AdvisoryLock lock = AdvisoryLock.take(connection, spec.table())) {
            MaintenancePlan plan = plan(spec, now);
            List<StepOutcome> outcomes = new MaintenanceRunner(connection, spec.lifecycle(),
                    spec.names().attachCheck()).run(plan, progress);
            return new MaintenanceResult(plan, false, outcomes, Optional.empty());
        }
    }

    private MaintenancePlan plan(MaintenanceSpec spec, Instant now) throws SQLException {
        if (!connection.getAutoCommit()) {
            throw new IllegalStateException("maintain needs a connection in autocommit mode: each step owns its"
                    + " transaction");
        }
        LiveTree tree = LiveTreeReader.read(connection, spec.table());
        return new MaintenancePlanner(connection, spec, now).plan(tree);
    }

    /** The session lock that keeps two maintain runs off one table. */
    private static final class AdvisoryLock implements AutoCloseable {
        private final Connection c;
        private final String key;

        private AdvisoryLock(Connection c, String key) {
            this.c = c;
            this.key = key;
        }

        static AdvisoryLock take(Connection c, TableRef table) throws SQLException {
            String key = "partshift maintain " + table.sql();
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(hashtextextended(?, 0))")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        throw new IllegalStateException("another partshift maintain is running on " + table
                                + ", so this run changed nothing: let it finish (or find it in pg_locks, advisory"
                                + " locks) before running again");
                    }
                }
            }
            return new AdvisoryLock(c, key);
        }

        @Override
        public void close() throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
                ps.setString(1, key);
                ps.execute();
            }
        }
    }
}
