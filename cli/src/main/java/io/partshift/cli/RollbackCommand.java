package io.partshift.cli;

import io.partshift.config.TargetSpec;
import io.partshift.pipeline.state.ControlRequests.Action;
import io.partshift.pipeline.state.ControlRequests.Result;
import io.partshift.pipeline.state.MigrationRecord;
import io.partshift.swapper.TableLifecycle;
import picocli.CommandLine.Command;

import java.sql.Connection;
import java.util.Optional;

/** {@code partshift rollback}: swaps the original table back in, losing nothing written since the cutover. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Swaps the original (old) table back in after a cutover. The reverse stream has kept it current: "
                + "under the same bounded lock as the cutover the last changes are applied to it, then the tables are "
                + "renamed back in one transaction, so nothing written after the cutover is lost.",
                "When a 'partshift migrate' runs for the table it does the swap; otherwise this command catches the old "
                + "table up from the reverse slot itself (give it the same spec).",
                "Exits 1 when the swap did not happen (lock not taken); nothing changed then."})
final class RollbackCommand extends SpecCommand {
    @Override
    public Integer call() throws Exception {
        TargetSpec target = targetSpec();
        OwnerChannel channel = new OwnerChannel(target);
        try (Connection c = Database.connect(target.connection())) {
            MigrationRecord record = channel.record(c);
            channel.requireCutOver(record, "there is nothing to roll back");
            if (channel.owner(c).isPresent()) {
                Result r = channel.ask(c, Action.ROLLBACK, out());
                return report(r.ok(), r.text());
            }
        }
        Optional<TableLifecycle.Outcome> outcome = InProcess.run(migrationSpec(), TableLifecycle.Goal.ROLLBACK);
        if (outcome.isEmpty()) {
            return report(false, "stopped before the swap back; the partitioned table still serves " + target.table());
        }
        return report(outcome.get().ok(), outcome.get().message());
    }
}
