package io.partshift.cli;

import io.partshift.config.TargetSpec;
import io.partshift.pipeline.MigrationTeardown;
import picocli.CommandLine.Command;

import java.sql.Connection;
import java.util.List;

/** {@code partshift abort}: removes everything a migration created; the source table is left untouched. */
@Command(name = "abort", mixinStandardHelpOptions = true,
        description = "Stops a migration that has not cut over and removes what it created: its sessions, replication "
                + "slot, publication, shadow table and state. The source table is not touched. Safe to repeat.")
final class AbortCommand extends SpecCommand {
    @Override
    public Integer call() throws Exception {
        TargetSpec target = targetSpec();
        try (Connection connection = Database.connect(target.connection())) {
            List<String> removed = new MigrationTeardown(target).abort(connection);
            if (removed.isEmpty()) {
                out().println("nothing to remove: partshift has nothing for " + target.table());
            }
            removed.forEach(out()::println);
            out().flush();
            return ExitCode.OK;
        }
    }
}
