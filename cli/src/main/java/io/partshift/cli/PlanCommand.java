package io.partshift.cli;

import io.partshift.config.MigrationSpec;
import io.partshift.partitioning.MigrationPlanner;
import io.partshift.partitioning.shadow.PlanRenderer;
import picocli.CommandLine.Command;

import java.sql.Connection;
import java.time.Clock;

/** {@code partshift plan}: preflight, then the exact DDL and estimates; changes nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Checks the table and prints the partitioned shadow table's exact DDL, what cannot be carried "
                + "over, and the estimated rows per partition. Changes nothing.",
                "The output is SQL with comments: it can be read, or pasted into psql."})
final class PlanCommand extends SpecCommand {
    @Override
    public Integer call() throws Exception {
        MigrationSpec spec = migrationSpec();
        try (Connection connection = Database.connect(spec.connection())) {
            MigrationPlanner.Outcome outcome = new MigrationPlanner(connection, Clock.systemUTC()).plan(spec);
            PreflightOutput.print(outcome.preflight(), out(), spec().commandLine().getErr());
            out().print(PlanRenderer.render(outcome.plan().orElseThrow()));
            out().flush();
            return ExitCode.OK;
        }
    }
}
