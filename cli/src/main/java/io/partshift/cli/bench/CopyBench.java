package io.partshift.cli.bench;

import io.partshift.config.MigrationSpec;
import io.partshift.partitioning.MigrationPlanner;
import io.partshift.partitioning.shadow.ShadowCreator;
import io.partshift.partitioning.shadow.ShadowPlan;
import io.partshift.pipeline.MigrationTeardown;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;

/**
 * The backfill, raw and through partshift, on the same table: the raw baseline is one {@code INSERT ... SELECT} into a
 * shadow made from exactly partshift's DDL; partshift's is the real migration's copy phase with no writers. Each run
 * starts after a CHECKPOINT so none pays for the dirty pages of the one before.
 */
final class CopyBench {
    static final Duration COPY_TIMEOUT = Duration.ofHours(2);

    private final Connection connection;
    private final BenchSpec specs;
    private final PrintWriter progress;

    CopyBench(Connection connection, BenchSpec specs, PrintWriter progress) {
        this.connection = connection;
        this.specs = specs;
        this.progress = progress;
    }

    /** VACUUM ANALYZE, so the raw run and partshift's runs all read the same settled table (hint bits set). */
    void settleSource() throws SQLException {
        progress.println("bench: VACUUM ANALYZE " + BenchSpec.TABLE);
        progress.flush();
        execute("VACUUM ANALYZE " + BenchSpec.TABLE);
    }

    /** Nanoseconds of one INSERT INTO shadow SELECT * FROM source; the shadow is dropped again afterwards. */
    long rawInsert() throws SQLException {
        MigrationSpec spec = specs.withCopyParallelism(1);
        MigrationPlanner.Outcome outcome = new MigrationPlanner(connection, Clock.systemUTC()).plan(spec);
        outcome.preflight().throwIfFailed();
        ShadowPlan plan = outcome.plan().orElseThrow();
        new ShadowCreator(connection).create(plan);
        try {
            execute("CHECKPOINT");
            progress.println("bench: raw baseline: INSERT INTO " + plan.shadow() + " SELECT * FROM " + plan.source());
            progress.flush();
            long started = System.nanoTime();
            execute("INSERT INTO " + plan.shadow().sql() + " SELECT * FROM " + plan.source().sql());
            return System.nanoTime() - started;
        } finally {
            execute("DROP TABLE " + plan.shadow().sql());
            execute("CHECKPOINT");
        }
    }

    /**
     * Runs a migration with this copy parallelism until its copy is done, times the copy, then removes everything it
     * created as {@code partshift abort} does.
     */
    long partshiftCopyThenAbort(int parallelism) throws Exception {
        MigrationSpec spec = specs.withCopyParallelism(parallelism);
        long nanos;
        try (RunningMigration migration = startCopy(spec, parallelism)) {
            nanos = migration.timeCopy(COPY_TIMEOUT);
        }
        new MigrationTeardown(spec.target()).abort(connection).forEach(line -> progress.println("bench: abort: " + line));
        execute("CHECKPOINT");
        return nanos;
    }

    /** Starts the migration that stays: the stream bench continues with it after its copy. */
    RunningMigration startCopy(MigrationSpec spec, int parallelism) throws SQLException {
        execute("CHECKPOINT");
        progress.println("bench: partshift migrate --copy-parallelism " + parallelism + " (no writers during the copy)");
        progress.flush();
        return RunningMigration.start(spec, "bench-migrate-p" + parallelism);
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }
}
