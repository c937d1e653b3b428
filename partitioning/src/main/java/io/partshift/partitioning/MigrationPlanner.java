package io.partshift.partitioning;

import io.partshift.config.MigrationSpec;
import io.partshift.partitioning.preflight.Preflight;
import io.partshift.partitioning.preflight.PreflightContext;
import io.partshift.partitioning.preflight.PreflightReport;
import io.partshift.partitioning.shadow.ShadowPlan;
import io.partshift.partitioning.shadow.ShadowPlans;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The "plan" step every command that changes anything starts with: read the table, run every preflight check,
 * and only when they pass, plan the shadow. All of it runs in one read-only transaction that is rolled back, so
 * the plan sees one consistent state of the catalog and cannot change the database even by mistake.
 */
public final class MigrationPlanner {
    private final Connection connection;
    private final Clock clock;

    public MigrationPlanner(Connection connection, Clock clock) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The preflight report, and the shadow plan when every check passed. */
    public record Outcome(PreflightReport preflight, Optional<ShadowPlan> plan) {
    }

    public Outcome plan(MigrationSpec spec) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        boolean readOnly = connection.isReadOnly();
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        try {
            PreflightContext context = PreflightContext.read(connection, spec);
            PreflightReport report = new Preflight().run(context);
            if (!report.passed()) {
                return new Outcome(report, Optional.empty());
            }
            ShadowPlan plan = ShadowPlans.plan(connection, context.source(), spec, clock);
            plan.requireNoConflicts(connection);
            return new Outcome(report, Optional.of(plan));
        } finally {
            connection.rollback();
            connection.setReadOnly(readOnly);
            connection.setAutoCommit(autoCommit);
        }
    }
}
