package io.partshift.cli;

import io.partshift.config.MigrationSpec;
import io.partshift.swapper.TableLifecycle;
import picocli.CommandLine.Command;

import java.util.Optional;

/** {@code partshift migrate}: the online migration, from preflight to cutover and the reverse stream after it. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Runs the online migration: preflight, prepare (shadow, publication, slot), copy while streaming "
                + "changes, catch up, converge, verify the data at one consistent point, and cut over (--cutover auto; "
                + "with postpone it holds, still applying changes, until 'partshift cutover').",
                "After cutover it keeps streaming changes of the new table back into the old one, so 'partshift "
                + "rollback' loses nothing, until 'partshift rollback' or 'partshift finalize' (or Ctrl-C).",
                "Running it again after a crash or kill resumes from the checkpoints in the state schema.",
                "Lag lines go to stderr every --lag-interval; 'partshift status' shows the same from another shell."})
final class MigrateCommand extends SpecCommand {
    @Override
    public Integer call() throws Exception {
        MigrationSpec spec = migrationSpec();
        // A wrong address, user or password is bad input (exit 2), said the same way as by every other command.
        Database.connect(spec.connection()).close();
        Optional<TableLifecycle.Outcome> outcome = InProcess.run(spec, TableLifecycle.Goal.RUN);
        if (outcome.isEmpty()) {
            out().println("stopped; run the same 'partshift migrate' to resume, 'partshift status' to see where it"
                    + " stands, or 'partshift abort' (before cutover) to remove everything.");
            out().flush();
            return ExitCode.OK;
        }
        return report(outcome.get().ok(), outcome.get().message());
    }
}
