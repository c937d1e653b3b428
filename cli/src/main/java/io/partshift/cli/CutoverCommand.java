package io.partshift.cli;

import io.partshift.config.BadInputException;
import io.partshift.config.TargetSpec;
import io.partshift.pipeline.state.ControlRequests.Action;
import io.partshift.pipeline.state.ControlRequests.Result;
import io.partshift.pipeline.state.MigrationRecord;
import io.partshift.pipeline.state.Phase;
import io.partshift.swapper.TableLifecycle;
import picocli.CommandLine.Command;

import java.sql.Connection;
import java.util.Optional;

/** {@code partshift cutover}: swaps the converged shadow in (after verifying it), for --cutover postpone. */
@Command(name = "cutover", mixinStandardHelpOptions = true,
        description = {"Verifies the shadow against the source at one consistent point and swaps it in, with writes "
                + "blocked for the swap only (bounded by --lock-timeout per attempt, --lock-retries attempts).",
                "When a 'partshift migrate' runs for the table, it does the swap and this command waits for its answer; "
                + "otherwise this command resumes the migration itself (give it the same spec), cuts over and exits, "
                + "and a later 'partshift migrate' keeps the old table current for rollback.",
                "Exits 1 when the swap did not happen (lock not taken, verification failed); nothing changed then."})
final class CutoverCommand extends SpecCommand {
    @Override
    public Integer call() throws Exception {
        TargetSpec target = targetSpec();
        OwnerChannel channel = new OwnerChannel(target);
        try (Connection c = Database.connect(target.connection())) {
            MigrationRecord record = channel.record(c);
            if (record.phase() == Phase.CUT_OVER) {
                throw new BadInputException("the migration of " + target.table() + " has already cut over: use"
                        + " 'partshift rollback' to go back or 'partshift finalize' to finish.");
            }
            if (channel.owner(c).isPresent()) {
                Result r = channel.ask(c, Action.CUTOVER, out());
                return report(r.ok(), r.text());
            }
        }
        Optional<TableLifecycle.Outcome> outcome = InProcess.run(migrationSpec(), TableLifecycle.Goal.CUTOVER);
        if (outcome.isEmpty()) {
            return report(false, "stopped before the swap; " + target.table() + " is unchanged");
        }
        return report(outcome.get().ok(), outcome.get().message());
    }
}
