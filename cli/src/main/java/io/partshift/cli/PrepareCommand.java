package io.partshift.cli;

import io.partshift.config.MigrationSpec;
import io.partshift.partitioning.MigrationPlanner;
import io.partshift.partitioning.shadow.ShadowCreator;
import io.partshift.partitioning.shadow.ShadowPlan;
import picocli.CommandLine.Command;

import java.sql.Connection;
import java.time.Clock;

/** {@code partshift prepare}: preflight, plan, then create the partitioned shadow table in one transaction. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = "Runs the preflight checks and creates the partitioned shadow table, its partitions and "
                + "indexes in one transaction (the DDL 'partshift plan' prints). The source table is not touched.")
final class PrepareCommand extends SpecCommand {
    @Override
    public Integer call() throws Exception {
        MigrationSpec spec = migrationSpec();
        try (Connection connection = Database.connect(spec.connection())) {
            MigrationPlanner.Outcome outcome = new MigrationPlanner(connection, Clock.systemUTC()).plan(spec);
            PreflightOutput.print(outcome.preflight(), out(), spec().commandLine().getErr());
            ShadowPlan plan = outcome.plan().orElseThrow();
            long started = System.nanoTime();
            new ShadowCreator(connection).create(plan);
            out().printf("created %s: %d partitions (%d leaves), %d statements in one transaction, %d ms%n",
                    plan.shadow(), plan.partitions().size(), plan.leaves().size(), plan.createStatements().size(),
                    (System.nanoTime() - started) / 1_000_000);
            if (!plan.postCopyStatements().isEmpty()) {
                out().printf("%d foreign key(s) are added once changes no longer stream into the shadow (see 'partshift plan').%n",
                        plan.postCopyStatements().size());
            }
            out().flush();
            return ExitCode.OK;
        }
    }
}
