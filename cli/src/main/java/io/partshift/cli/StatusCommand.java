package io.partshift.cli;

import io.partshift.config.TargetSpec;
import io.partshift.pipeline.MigrationStatus;
import picocli.CommandLine.Command;

import java.sql.Connection;

/** {@code partshift status}: the persisted state of a migration and what its slot costs, from any shell. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Prints a migration's phase, progress and lag as recorded in the state schema, and the WAL its "
                + "replication slots retain on the source. Works from any shell while 'migrate' runs elsewhere.")
final class StatusCommand extends SpecCommand {
    @Override
    public Integer call() throws Exception {
        TargetSpec target = targetSpec();
        try (Connection connection = Database.connect(target.connection())) {
            MigrationStatus status = MigrationStatus.read(connection, target);
            out().print(status.text());
            out().flush();
            return ExitCode.OK;
        }
    }
}
